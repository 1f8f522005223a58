import {
  activateDealerParamsSchema, allocateStockParamsSchema, applyRebateOffsetParamsSchema, postRebateStatementParamsSchema,
  priceOrderParamsSchema, setDealerTierParamsSchema,
  approvalParamsSchema, endParamsSchema, exclusiveGatewayParamsSchema, notifyParamsSchema, parallelJoinParamsSchema,
  parallelSplitParamsSchema, ruleParamsSchema, serviceParamsSchema, setVariablesParamsSchema, startParamsSchema,
} from './node-params.schema.js';

export interface FlowText {
  zh: string;
  en: string;
}

export interface PortDescriptor {
  name: string;
  label: FlowText;
  /** More than one edge may leave (or enter) through this port. */
  multiple?: boolean;
  /** The node works without an edge on this port. */
  optional?: boolean;
}

export interface NodeTypeDescriptor {
  label: FlowText;
  description: FlowText;
  group: 'event' | 'human' | 'automation' | 'gateway';
  icon: string;
  color: string;
  ports: {
    in: readonly PortDescriptor[];
    out: readonly PortDescriptor[];
    /** The out ports are named by the parameters (an exclusive gateway's branches and default). */
    dynamicOut?: boolean;
  };
  /** JSON Schema of the node's `params` (its `$id` is what the definition schema refers to). */
  paramsSchema: { readonly $id: string };
}

const T = (zh: string, en: string): FlowText => ({ zh, en });
const IN: readonly PortDescriptor[] = [{ name: 'in', label: T('入口', 'In'), multiple: true }];
const OUT: readonly PortDescriptor[] = [{ name: 'out', label: T('出口', 'Out') }];

/**
 * The node types of the workflow designer, declared once. The engine keeps one runner per key
 * (checked exhaustive by `Record<NodeTypeId, …>`), the studio derives its palette and inspector,
 * and `GET /api/node-types` serves this object.
 */
export const nodeTypes = {
  start: {
    label: T('发起', 'Start'), description: T('流程从这里开始：发起表单与可发起人', 'Where the flow starts: the start form and who may start it'),
    group: 'event', icon: 'play-circle', color: '#52c41a',
    ports: { in: [], out: OUT }, paramsSchema: startParamsSchema,
  },
  approval: {
    label: T('审批', 'Approval'), description: T('单人、或签、会签或依次审批', 'Single, any-of, all-of or sequential approval'),
    group: 'human', icon: 'audit', color: '#fa8c16',
    ports: {
      in: IN,
      out: [{ name: 'approved', label: T('通过', 'Approved') }, { name: 'rejected', label: T('驳回', 'Rejected'), optional: true }],
    },
    paramsSchema: approvalParamsSchema,
  },
  rule: {
    label: T('规则', 'Rule'), description: T('运行已发布的规则集，把输出写入流程变量', 'Runs a published rule set and puts its outputs into variables'),
    group: 'automation', icon: 'function', color: '#722ed1',
    ports: { in: IN, out: OUT }, paramsSchema: ruleParamsSchema,
  },
  exclusiveGateway: {
    label: T('排他网关', 'Exclusive gateway'), description: T('按条件选择一个分支，必须有默认分支', 'Takes the first branch whose condition holds, else the default'),
    group: 'gateway', icon: 'branches', color: '#1677ff',
    ports: { in: IN, out: [], dynamicOut: true }, paramsSchema: exclusiveGatewayParamsSchema,
  },
  parallelSplit: {
    label: T('并行分支', 'Parallel split'), description: T('同时进入所有分支', 'Starts every outgoing branch at once'),
    group: 'gateway', icon: 'fork', color: '#1677ff',
    ports: { in: IN, out: [{ name: 'out', label: T('分支', 'Branch'), multiple: true }] }, paramsSchema: parallelSplitParamsSchema,
  },
  parallelJoin: {
    label: T('并行汇聚', 'Parallel join'), description: T('等待所有分支到达后继续', 'Waits for every branch of its split'),
    group: 'gateway', icon: 'merge-cells', color: '#1677ff',
    ports: { in: IN, out: OUT }, paramsSchema: parallelJoinParamsSchema,
  },
  service: {
    label: T('服务调用', 'Service call'), description: T('HMAC 签名的 Webhook，失败重试，最终失败转为异常', 'A webhook signed with HMAC, retried with backoff; an incident after the last try'),
    group: 'automation', icon: 'api', color: '#13c2c2',
    ports: { in: IN, out: OUT }, paramsSchema: serviceParamsSchema,
  },
  notify: {
    label: T('抄送', 'Notify (CC)'), description: T('通知并抄送给指定人员', 'Notifies and copies the instance to people'),
    group: 'human', icon: 'send', color: '#eb2f96',
    ports: { in: IN, out: OUT }, paramsSchema: notifyParamsSchema,
  },
  setVariables: {
    label: T('设置变量', 'Set variables'), description: T('按映射设置流程变量', 'Sets instance variables from a mapping'),
    group: 'automation', icon: 'edit', color: '#8c8c8c',
    ports: { in: IN, out: OUT }, paramsSchema: setVariablesParamsSchema,
  },
  priceOrder: {
    label: T('订单定价', 'Price order'), description: T('按生效的定价与返利规则重新计算订单金额并写入订单', 'Prices the order with the rule sets in effect and stores the amounts on it'),
    group: 'automation', icon: 'calculator', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: priceOrderParamsSchema,
  },
  applyRebateOffset: {
    label: T('返利抵扣', 'Apply rebate offset'), description: T('从返利账户扣减订单的抵扣额（先到期先用）', 'Consumes the order’s offset from the rebate ledger, earliest expiry first'),
    group: 'automation', icon: 'wallet', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: applyRebateOffsetParamsSchema,
  },
  allocateStock: {
    label: T('分仓占用', 'Allocate stock'), description: T('按智能分仓规则从仓库占用库存，订单变为已分配或缺货', 'Allocates stock from the routed warehouses; the order becomes allocated or backordered'),
    group: 'automation', icon: 'inbox', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: allocateStockParamsSchema,
  },
  setDealerTier: {
    label: T('设置等级', 'Set dealer tier'), description: T('写入年度评级结果（每个经销商每年一次）', 'Records the yearly tier review result (once per dealer and year)'),
    group: 'automation', icon: 'crown', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: setDealerTierParamsSchema,
  },
  postRebateStatement: {
    label: T('返利结算', 'Post rebate statement'), description: T('计算季度阶梯返利并记入返利账户（每个经销商每季度一次）', 'Computes a quarter’s stepped rebate and credits the ledger (once per dealer and quarter)'),
    group: 'automation', icon: 'account-book', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: postRebateStatementParamsSchema,
  },
  activateDealer: {
    label: T('经销商生效', 'Activate dealer'), description: T('准入通过后把经销商状态设为生效', 'Sets the dealer’s status to ACTIVE after onboarding'),
    group: 'automation', icon: 'check-circle', color: '#2f54eb',
    ports: { in: IN, out: OUT }, paramsSchema: activateDealerParamsSchema,
  },
  end: {
    label: T('结束', 'End'), description: T('以通过、驳回或取消结束流程', 'Ends the instance as approved, rejected or cancelled'),
    group: 'event', icon: 'stop', color: '#f5222d',
    ports: { in: IN, out: [] }, paramsSchema: endParamsSchema,
  },
} as const satisfies Record<string, NodeTypeDescriptor>;

export type NodeTypeId = keyof typeof nodeTypes;

/** Node types that change DMS records through the server (one action runner; the server's handler per type). */
export const actionNodeTypeIds = ['priceOrder', 'applyRebateOffset', 'allocateStock', 'setDealerTier', 'postRebateStatement', 'activateDealer'] as const satisfies readonly NodeTypeId[];
export type ActionNodeTypeId = (typeof actionNodeTypeIds)[number];

export function isActionNodeType(v: string): v is ActionNodeTypeId {
  return (actionNodeTypeIds as readonly string[]).includes(v);
}

export const nodeTypeIds = Object.keys(nodeTypes) as NodeTypeId[];

export function isNodeTypeId(v: string): v is NodeTypeId {
  return Object.prototype.hasOwnProperty.call(nodeTypes, v);
}
