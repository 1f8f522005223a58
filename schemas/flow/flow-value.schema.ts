/**
 * Values a node reads from the instance: a JSON literal, or a tagged reference to an instance
 * variable { "$var": "dealer.homeRegion" } (a dotted path into the variables). Never a magic string.
 */
export const flowVarRefSchema = {
  $id: 'FlowVarRef',
  type: 'object',
  'x-label': { zh: '流程变量引用', en: 'Variable reference' },
  properties: { $var: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' } },
  required: ['$var'],
  additionalProperties: false,
} as const;

export const flowValueSchema = {
  $id: 'FlowValue',
  anyOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { $ref: 'FlowVarRef' },
    { type: 'array', items: { $ref: 'FlowValue' } },
    { type: 'object', propertyNames: { pattern: '^[^$]' }, additionalProperties: { $ref: 'FlowValue' } },
  ],
} as const;

/** Who approves (or is copied, or may start): one entry of an assignee list. */
export const flowAssigneeSchema = {
  $id: 'FlowAssignee',
  type: 'object',
  'x-label': { zh: '审批人', en: 'Assignee' },
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    {
      'x-label': { zh: '指定成员', en: 'Named users' },
      properties: { kind: { const: 'user' }, users: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
      required: ['kind', 'users'], additionalProperties: false,
    },
    {
      'x-label': { zh: '角色', en: 'Role' },
      properties: { kind: { const: 'role' }, role: { type: 'string', minLength: 1 } },
      required: ['kind', 'role'], additionalProperties: false,
    },
    {
      'x-label': { zh: '区域角色（区域取自流程变量）', en: 'Role in the region held by a variable' },
      properties: { kind: { const: 'roleInRegion' }, role: { type: 'string', minLength: 1 }, region: { $ref: 'FlowVarRef' } },
      required: ['kind', 'role', 'region'], additionalProperties: false,
    },
    {
      'x-label': { zh: '发起人的第 N 级主管', en: "Initiator's manager N levels up" },
      properties: { kind: { const: 'managerChain' }, levels: { type: 'integer', minimum: 1, maximum: 10 } },
      required: ['kind', 'levels'], additionalProperties: false,
    },
    {
      'x-label': { zh: '发起人自选', en: 'Chosen by the initiator' },
      properties: { kind: { const: 'initiatorChosen' }, variable: { $ref: 'FlowVarRef' } },
      required: ['kind', 'variable'], additionalProperties: false,
    },
    {
      'x-label': { zh: '规则输出的审批步骤', en: "Steps from a rule's output" },
      properties: { kind: { const: 'ruleSteps' }, steps: { $ref: 'FlowVarRef' } },
      required: ['kind', 'steps'], additionalProperties: false,
    },
  ],
} as const;
