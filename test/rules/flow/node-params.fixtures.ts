import type { NodeTypeId } from '../../../schemas/flow/node-types.js';

/** One valid `params` document per node type, as a user could write it (the contract test checks each). */
export const nodeParamsFixtures: Record<NodeTypeId, object> = {
  start: { form: { key: 'dealer-order' }, starters: [{ kind: 'role', role: 'DEALER_PURCHASER' }] },
  approval: {
    mode: 'ALL', passRatio: 0.5, assignees: [{ kind: 'roleInRegion', role: 'REGIONAL_SALES_MANAGER', region: { $var: 'dealer.homeRegion' } }, { kind: 'managerChain', levels: 1 }],
    onEmpty: 'TO_TENANT_ADMIN', initiatorPolicy: 'SKIP_TO_MANAGER', dedupe: 'CONSECUTIVE', fieldPermissions: { amount: 'READ', note: 'EDIT', cost: 'HIDDEN' },
    sla: { remindEveryWorkingHours: 4, escalateAfterWorkingHours: 8, escalateToRole: 'SALES_DIRECTOR', autoDecideAfterWorkingDays: 3, autoDecision: 'APPROVE' },
  },
  rule: { ruleSet: { key: 'order-pricing', version: 2 }, inputs: { tier: { $var: 'dealer.tier' }, lines: { $var: 'order.lines' } }, outputs: { orderAmount: 'orderAmount' } },
  exclusiveGateway: { branches: [{ port: 'big', label: { zh: '大单', en: 'Large' }, condition: { all: [{ fact: 'amount', operator: 'decimalGreaterThan', value: '1000000.00' }] } }], defaultPort: 'normal' },
  parallelSplit: {},
  parallelJoin: { split: 'split' },
  service: { url: 'https://erp.example.com/orders', method: 'POST', secretRef: 'erp-hmac', body: { orderNo: { $var: 'order.no' } }, retry: { maxAttempts: 5, backoffSeconds: 30, factor: 2 } },
  notify: { recipients: [{ kind: 'role', role: 'SALES_DIRECTOR' }], message: { zh: '已审批', en: 'Approved' } },
  setVariables: { set: { dealerStatus: 'ACTIVE', copiedTier: { $var: 'dealer.tier' } } },
  priceOrder: { inputs: { orderId: { $var: 'order.id' } }, resultVariable: 'priced' },
  applyRebateOffset: { inputs: { orderId: { $var: 'order.id' } }, retry: { maxAttempts: 5, backoffSeconds: 10, factor: 2 }, resultVariable: 'offset' },
  allocateStock: { inputs: { orderId: { $var: 'order.id' } }, resultVariable: 'allocation' },
  setDealerTier: { inputs: { dealerCode: { $var: 'dealer.code' }, tier: { $var: 'review.newTier' }, reviewYear: 2027, effectiveFrom: '2027-01-01' } },
  postRebateStatement: { inputs: { dealerCode: { $var: 'dealer.code' }, period: '2026-Q3', facts: { designWins: { $var: 'designWins' } }, financeConfirmed: false } },
  activateDealer: { inputs: { dealerCode: { $var: 'dealerCode' } } },
  end: { outcome: 'APPROVED' },
};
