import type { ActionHandlers } from '../../workflows/workflow-runtime.js';
import { activateDealerAction, setDealerTierAction } from './dealer.actions.js';
import { allocateStockAction, applyRebateOffsetAction, priceOrderAction } from './order.actions.js';
import { postRebateStatementAction } from './rebate-statement.action.js';

/** The server's handler of each action node type of the registry (a missing one is a compile error). */
export const dmsActionHandlers: ActionHandlers = {
  priceOrder: priceOrderAction,
  applyRebateOffset: applyRebateOffsetAction,
  allocateStock: allocateStockAction,
  setDealerTier: setDealerTierAction,
  postRebateStatement: postRebateStatementAction,
  activateDealer: activateDealerAction,
};
export { dmsIncidentPolicies } from './incident-policies.js';
