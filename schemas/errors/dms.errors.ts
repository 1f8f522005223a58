import { defineErrorCodes } from './error-code.js';

/** Codes of the DMS records: catalogue, orders, stock, rebate ledger, credit. */
export const dmsErrors = defineErrorCodes({
  DMS_ERR_UNKNOWN_PRODUCT: { status: 400, zh: '订单行中的产品不存在', en: 'An order line names an unknown product' },
  DMS_ERR_PRODUCT_NOT_ORDERABLE: { status: 422, zh: '产品已停产（EOL），不能下单', en: 'The product is end-of-life and cannot be ordered' },
  DMS_ERR_DEALER_REQUIRED: { status: 400, zh: '内部员工报价须指定经销商', en: 'Staff must name the dealer the order is for' },
  DMS_ERR_NO_RULE_SET: { status: 409, zh: '没有生效的已发布规则集，无法定价', en: 'No published rule set is in effect for this calculation' },
  DMS_ERR_ORDER_STATE: { status: 409, zh: '订单当前状态不允许此操作', en: 'The order is not in a state that allows this' },
  DMS_ERR_INSUFFICIENT_STOCK: { status: 409, zh: '可用库存不足', en: 'Not enough stock available to promise' },
  DMS_ERR_REBATE_INSUFFICIENT: { status: 409, zh: '可用返利余额不足', en: 'The available rebate balance is too small' },
  DMS_ERR_DEALER_STATE: { status: 409, zh: '经销商当前状态不允许此操作', en: 'The dealer is not in a state that allows this' },
  DMS_ERR_ACTION_SCOPE: { status: 403, zh: '流程只能操作它所属的订单或经销商', en: 'A workflow may only act on its own order or dealer' },
  DMS_ERR_SUBMIT_INSTANCE_MISMATCH: { status: 422, zh: '该流程实例不是为此订单发起的，不能用于提交此订单', en: 'That workflow instance was not started for this order and cannot settle it' },
  DMS_ERR_OPERATION_KEY_REUSED: { status: 409, zh: '操作键已用于另一笔不同的操作', en: 'The operation key was already used for a different operation' },
  DMS_ERR_INCIDENT_RESOLUTION: { status: 409, zh: '该异常不能这样处理：会使订单金额与返利台账不一致，或此节点不提供该处理方式（详情列出原因与可选方式）', en: 'This incident cannot be resolved this way: the order and its ledger would disagree, or the node does not offer it (details say why and what is offered)' },
  DMS_ERR_TIER_UNKNOWN: { status: 422, zh: '等级不在租户的经销商等级字典中（详情列出可用等级）', en: "The tier is not a code of the tenant's dealer-tier dictionary (details list the tiers)" },
  DMS_ERR_POINT_UNBOUND: { status: 409, zh: '租户配置未给该扩展点绑定规则集或流程（详情给出扩展点）', en: 'The tenant configuration binds no rule set or workflow to this extension point (details name the point)' },
  DMS_ERR_POINT_EVALUATION: { status: 422, zh: '扩展点绑定的规则集执行失败（详情给出扩展点、规则集、版本与原因）', en: "The rule set bound to the extension point failed (details name the point, the rule set, its version and the cause)" },
  DMS_ERR_POINT_OUTPUT: { status: 422, zh: '扩展点绑定的规则集输出不符合该扩展点的约定（详情逐项列出）', en: "The outputs of the rule set bound to the extension point break the point's contract (details list each problem)" },
  DMS_ERR_ORDER_FIELD_REQUIRED: { status: 422, zh: '缺少租户要求的订单字段（详情逐项指出）', en: 'An order field the tenant requires is missing (details point at each)' },
});
