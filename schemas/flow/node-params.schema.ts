/**
 * The JSON Schema of each node type's parameters (the studio's inspector form is generated from
 * these; the definition schema $refs them by node type).
 */
const nodeIdRef = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;
const portName = { type: 'string', pattern: '^[a-z][A-Za-z0-9_-]{0,31}$' } as const;

export const startParamsSchema = {
  $id: 'FlowStartParams',
  type: 'object',
  'x-label': { zh: '发起', en: 'Start' },
  properties: {
    form: {
      type: 'object', 'x-label': { zh: '发起表单', en: 'Start form' },
      properties: {
        key: { type: 'string', minLength: 1 },
        variable: {
          type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$',
          'x-label': { zh: '表单数据存入的流程变量（留空：表单字段即流程变量）', en: 'Variable that holds the form data (empty: the form fields are the variables)' },
        },
      },
      required: ['key'], additionalProperties: false,
    },
    starters: {
      type: 'array', 'x-label': { zh: '可发起人（空表示所有人）', en: 'Who may start (empty: anyone)' },
      items: { $ref: 'FlowAssignee' },
    },
  },
  additionalProperties: false,
} as const;

export const approvalModes = ['SINGLE', 'ANY', 'ALL', 'SEQUENTIAL'] as const;
export const emptyAssigneePolicies = ['AUTO_PASS', 'TO_TENANT_ADMIN', 'REJECT'] as const;
export const initiatorPolicies = ['AUTO_PASS', 'KEEP', 'SKIP_TO_MANAGER'] as const;
export const fieldAccessLevels = ['HIDDEN', 'READ', 'EDIT'] as const;

export const approvalParamsSchema = {
  $id: 'FlowApprovalParams',
  type: 'object',
  'x-label': { zh: '审批', en: 'Approval' },
  properties: {
    mode: { type: 'string', enum: approvalModes, 'x-label': { zh: '审批方式（单人 / 或签 / 会签 / 依次）', en: 'Mode (single / any / all / in sequence)' } },
    passRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1, 'x-label': { zh: '会签通过比例', en: 'Pass ratio (ALL)' } },
    assignees: { type: 'array', minItems: 1, items: { $ref: 'FlowAssignee' } },
    onEmpty: { type: 'string', enum: emptyAssigneePolicies, 'x-label': { zh: '审批人为空时', en: 'When nobody is found' } },
    initiatorPolicy: { type: 'string', enum: initiatorPolicies, 'x-label': { zh: '审批人为发起人时', en: 'When the approver is the initiator' } },
    dedupe: { type: 'string', enum: ['CONSECUTIVE', 'NONE'], 'x-label': { zh: '审批人去重', en: 'De-duplicate approvers' } },
    fieldPermissions: {
      type: 'object', 'x-label': { zh: '字段权限', en: 'Field permissions' },
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: { type: 'string', enum: fieldAccessLevels },
    },
    sla: {
      type: 'object', 'x-label': { zh: '时限（按工作时间）', en: 'SLA (working time)' },
      properties: {
        remindEveryWorkingHours: { type: 'number', exclusiveMinimum: 0 },
        escalateAfterWorkingHours: { type: 'number', exclusiveMinimum: 0 },
        escalateToRole: { type: 'string', minLength: 1 },
        autoDecideAfterWorkingDays: { type: 'number', exclusiveMinimum: 0 },
        autoDecision: { type: 'string', enum: ['APPROVE', 'REJECT'] },
      },
      additionalProperties: false,
    },
  },
  required: ['mode', 'assignees'],
  additionalProperties: false,
} as const;

export const ruleParamsSchema = {
  $id: 'FlowRuleParams',
  type: 'object',
  'x-label': { zh: '规则', en: 'Rule' },
  properties: {
    ruleSet: {
      type: 'object',
      properties: { key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, version: { type: 'integer', minimum: 1 } },
      required: ['key'], additionalProperties: false,
    },
    inputs: { type: 'object', 'x-label': { zh: '输入映射', en: 'Input mapping' }, additionalProperties: { $ref: 'FlowValue' } },
    outputs: {
      type: 'object', 'x-label': { zh: '输出写入变量', en: 'Outputs into variables' },
      additionalProperties: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    },
    resultVariable: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-label': { zh: '全部输出写入变量', en: 'All outputs into variable' } },
  },
  required: ['ruleSet', 'inputs'],
  additionalProperties: false,
} as const;

export const exclusiveGatewayParamsSchema = {
  $id: 'FlowExclusiveGatewayParams',
  type: 'object',
  'x-label': { zh: '排他网关', en: 'Exclusive gateway' },
  properties: {
    branches: {
      type: 'array',
      items: {
        type: 'object',
        properties: { port: portName, label: { $ref: 'LocalizedText' }, condition: { $ref: 'RuleTopCondition' } },
        required: ['port', 'condition'], additionalProperties: false,
      },
    },
    defaultPort: portName,
  },
  required: ['branches', 'defaultPort'],
  additionalProperties: false,
} as const;

export const parallelSplitParamsSchema = {
  $id: 'FlowParallelSplitParams', type: 'object', 'x-label': { zh: '并行分支', en: 'Parallel split' },
  properties: {}, additionalProperties: false,
} as const;

export const parallelJoinParamsSchema = {
  $id: 'FlowParallelJoinParams', type: 'object', 'x-label': { zh: '并行汇聚', en: 'Parallel join' },
  properties: { split: { ...nodeIdRef, 'x-label': { zh: '对应的并行分支节点', en: 'The split it joins' } } },
  required: ['split'], additionalProperties: false,
} as const;

export const serviceParamsSchema = {
  $id: 'FlowServiceParams',
  type: 'object',
  'x-label': { zh: '服务调用（Webhook）', en: 'Service call (webhook)' },
  properties: {
    url: { type: 'string', format: 'uri', pattern: '^https?://' },
    method: { type: 'string', enum: ['POST', 'PUT'] },
    secretRef: { type: 'string', minLength: 1, 'x-label': { zh: 'HMAC 密钥引用', en: 'HMAC secret reference' } },
    body: { type: 'object', additionalProperties: { $ref: 'FlowValue' } },
    retry: {
      type: 'object',
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
        backoffSeconds: { type: 'number', minimum: 0 },
        factor: { type: 'number', minimum: 1 },
      },
      required: ['maxAttempts', 'backoffSeconds'], additionalProperties: false,
    },
    resultVariable: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
  },
  required: ['url', 'secretRef'],
  additionalProperties: false,
} as const;

export const notifyParamsSchema = {
  $id: 'FlowNotifyParams',
  type: 'object',
  'x-label': { zh: '抄送', en: 'Notify (CC)' },
  properties: {
    recipients: { type: 'array', minItems: 1, items: { $ref: 'FlowAssignee' } },
    message: { $ref: 'LocalizedText' },
  },
  required: ['recipients'],
  additionalProperties: false,
} as const;

export const setVariablesParamsSchema = {
  $id: 'FlowSetVariablesParams',
  type: 'object',
  'x-label': { zh: '设置变量', en: 'Set variables' },
  properties: {
    set: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: { $ref: 'FlowValue' } },
  },
  required: ['set'],
  additionalProperties: false,
} as const;

export const endOutcomes = ['APPROVED', 'REJECTED', 'CANCELLED'] as const;

export const endParamsSchema = {
  $id: 'FlowEndParams',
  type: 'object',
  'x-label': { zh: '结束', en: 'End' },
  properties: { outcome: { type: 'string', enum: endOutcomes } },
  required: ['outcome'],
  additionalProperties: false,
} as const;

/**
 * Action nodes change the tenant's DMS records (an order, the rebate ledger, a dealer). Each names
 * its inputs (values or `{ "$var": … }` read when the node runs), retries with backoff like a
 * service call, and may put its result into a variable. The server runs each action in one
 * transaction, idempotent per instance and call.
 */
const actionRetrySchema = {
  type: 'object', 'x-label': { zh: '失败重试', en: 'Retry on failure' },
  properties: {
    maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
    backoffSeconds: { type: 'number', minimum: 0 },
    factor: { type: 'number', minimum: 1 },
  },
  required: ['maxAttempts', 'backoffSeconds'], additionalProperties: false,
} as const;
const resultVariable = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-label': { zh: '结果写入变量', en: 'Result into variable' } } as const;
const flowValueRef = { $ref: 'FlowValue' } as const;

function actionParams<Id extends string, Inputs extends Record<string, { 'x-label': { zh: string; en: string } }>, Req extends readonly (keyof Inputs & string)[]>(
  $id: Id, label: { zh: string; en: string }, inputs: Inputs, required: Req,
) {
  const properties = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { ...flowValueRef, ...v }])) as { [K in keyof Inputs]: typeof flowValueRef & Inputs[K] };
  return {
    $id, type: 'object', 'x-label': label,
    properties: {
      inputs: { type: 'object', 'x-label': { zh: '输入', en: 'Inputs' }, properties, required, additionalProperties: false },
      retry: actionRetrySchema,
      resultVariable,
    },
    required: ['inputs'],
    additionalProperties: false,
  } as const;
}

const orderIdInput = { orderId: { 'x-label': { zh: '订单 ID', en: 'Order id' } } } as const;
const dealerCodeInput = { dealerCode: { 'x-label': { zh: '经销商编码', en: 'Dealer code' } } } as const;

export const priceOrderParamsSchema = actionParams('FlowPriceOrderParams', { zh: '订单定价', en: 'Price the order' }, orderIdInput, ['orderId']);
export const applyRebateOffsetParamsSchema = actionParams('FlowApplyRebateOffsetParams', { zh: '返利抵扣入账', en: 'Apply the rebate offset' }, orderIdInput, ['orderId']);
export const allocateStockParamsSchema = actionParams('FlowAllocateStockParams', { zh: '分仓占用库存', en: 'Allocate stock' }, orderIdInput, ['orderId']);
export const setDealerTierParamsSchema = actionParams('FlowSetDealerTierParams', { zh: '设置经销商等级', en: 'Set the dealer tier' }, {
  ...dealerCodeInput,
  tier: { 'x-label': { zh: '新等级', en: 'New tier' } },
  reviewYear: { 'x-label': { zh: '评级年度', en: 'Review year' } },
  effectiveFrom: { 'x-label': { zh: '生效日期', en: 'Effective from' } },
}, ['dealerCode', 'tier', 'reviewYear']);
export const postRebateStatementParamsSchema = actionParams('FlowPostRebateStatementParams', { zh: '返利结算入账', en: 'Post a rebate statement' }, {
  ...dealerCodeInput,
  period: { 'x-label': { zh: '季度（如 2026-Q3）', en: 'Quarter (e.g. 2026-Q3)' } },
  facts: { 'x-label': { zh: '补充事实（规则集中有默认值的输入）', en: 'Extra facts (rule-set inputs that have defaults)' } },
  financeConfirmed: { 'x-label': { zh: '财务已确认（直接可用）', en: 'Finance confirmed (available at once)' } },
  policyCode: { 'x-label': { zh: '返利政策编码', en: 'Rebate policy code' } },
}, ['dealerCode', 'period']);
export const activateDealerParamsSchema = actionParams('FlowActivateDealerParams', { zh: '经销商生效', en: 'Activate the dealer' }, dealerCodeInput, ['dealerCode']);
