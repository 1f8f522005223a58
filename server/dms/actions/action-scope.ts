import { AppError } from '../../../schemas/errors/app-error.js';
import { WorkflowInstance, type Order } from '../../entities/index.js';
import type { ActionRunInput } from '../../workflows/workflow-runtime.js';
import type { DmsContext } from '../dms-context.js';

/*
 * An action changes records its inputs name, and the inputs come from variables whoever started the
 * flow supplied. So an action acts only on what its own instance is about: the order submitted into
 * it, the dealer it belongs to.
 */

/** An order is changed only by the instance it was submitted into. */
export function assertOrderOfInstance(order: Order, run: ActionRunInput): void {
  if (order.workflowInstance?.id !== run.instanceId) throw new AppError('DMS_ERR_ACTION_SCOPE', { order: order.id });
}

/** An instance that belongs to a dealer (a dealer user started it, or staff for that dealer) acts on that dealer only. */
export async function assertDealerOfInstance(ctx: DmsContext, dealerCode: string, run: ActionRunInput): Promise<void> {
  const instance = await ctx.em.findOne(WorkflowInstance, { id: run.instanceId }, { populate: ['dealer'] });
  if (instance?.dealer && instance.dealer.code !== dealerCode) throw new AppError('DMS_ERR_ACTION_SCOPE', { dealer: dealerCode, instanceDealer: instance.dealer.code });
}
