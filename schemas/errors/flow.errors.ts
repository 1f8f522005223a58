import { defineErrorCodes } from './error-code.js';

/**
 * Codes of the workflow area: definition checks at publish time (each problem carries the node id
 * and a JSON pointer) and refusals of runtime commands by the pure state machine (rules/flow).
 */
export const flowErrors = defineErrorCodes({
  // --- publish time: the definition document ---
  FLW_ERR_INVALID_DEFINITION: { status: 422, zh: '流程定义不合法', en: 'The workflow definition is invalid' },
  FLW_ERR_SCHEMA: { status: 422, zh: '流程定义不符合结构定义', en: 'The workflow definition does not match its schema' },
  FLW_ERR_DUPLICATE_ID: { status: 422, zh: '节点或连线的 id 重复', en: 'A node or edge id is used twice' },
  FLW_ERR_UNKNOWN_NODE: { status: 422, zh: '连线引用了不存在的节点', en: 'An edge refers to a node that does not exist' },
  FLW_ERR_BAD_PORT: { status: 422, zh: '连线使用了节点没有的端口', en: 'An edge uses a port the node does not have' },
  FLW_ERR_START_COUNT: { status: 422, zh: '流程必须有且只有一个开始节点', en: 'A workflow needs exactly one start node' },
  FLW_ERR_UNREACHABLE: { status: 422, zh: '节点无法从开始节点到达', en: 'The node cannot be reached from the start node' },
  FLW_ERR_NO_PATH_TO_END: { status: 422, zh: '节点之后没有通往结束节点的路径', en: 'No path leads from this node to an end node' },
  FLW_ERR_MISSING_EDGE: { status: 422, zh: '节点缺少必需的出口连线', en: 'The node lacks a required outgoing edge' },
  FLW_ERR_NO_DEFAULT_BRANCH: { status: 422, zh: '排他网关必须有默认分支', en: 'An exclusive gateway needs a default branch' },
  FLW_ERR_JOIN_MISMATCH: { status: 422, zh: '并行汇聚与并行分支不匹配', en: 'The parallel join does not match its split' },
  FLW_ERR_UNKNOWN_RULE_SET: { status: 422, zh: '引用了不存在或未发布的规则集', en: 'The node refers to a rule set that is not published' },
  FLW_ERR_UNKNOWN_FORM: { status: 422, zh: '引用了不存在或未发布的表单', en: 'The node refers to a form that is not published' },
  FLW_ERR_UNKNOWN_VARIABLE: { status: 422, zh: '引用了未声明的流程变量', en: 'The node refers to an undeclared variable' },
  FLW_ERR_BAD_CONDITION: { status: 422, zh: '网关条件不合法', en: 'The gateway condition is invalid' },
  // --- run time: commands ---
  FLW_ERR_ALREADY_STARTED: { status: 409, zh: '流程实例已发起', en: 'The instance has already been started' },
  FLW_ERR_NOT_STARTED: { status: 409, zh: '流程实例尚未发起', en: 'The instance has not been started' },
  FLW_ERR_INSTANCE_ENDED: { status: 409, zh: '流程实例已结束', en: 'The instance has ended' },
  FLW_ERR_NOT_ALLOWED_TO_START: { status: 403, zh: '无权发起此流程', en: 'You may not start this workflow' },
  FLW_ERR_TASK_NOT_FOUND: { status: 404, zh: '审批任务不存在', en: 'No such task' },
  FLW_ERR_TASK_NOT_PENDING: { status: 409, zh: '审批任务已处理', en: 'The task is no longer pending' },
  FLW_ERR_NOT_ASSIGNEE: { status: 403, zh: '只有任务的处理人可以操作', en: 'Only the assignee may act on this task' },
  FLW_ERR_NOT_INITIATOR: { status: 403, zh: '只有发起人可以执行此操作', en: 'Only the initiator may do this' },
  FLW_ERR_NOT_PARTICIPANT: { status: 403, zh: '只有流程参与人可以评论', en: 'Only participants of the instance may comment' },
  FLW_ERR_NOT_ADMIN: { status: 403, zh: '只有租户管理员可以处理异常', en: 'Only a tenant admin may resolve incidents' },
  FLW_ERR_ALREADY_ACTED: { status: 409, zh: '已有审批人处理，不能撤回', en: 'An approver has already acted; the instance cannot be withdrawn' },
  FLW_ERR_URGE_TOO_SOON: { status: 429, zh: '催办过于频繁，请稍后再试', en: 'You urged recently; try again later' },
  FLW_ERR_RETURN_TARGET: { status: 422, zh: '退回目标不是之前经过的审批或发起节点', en: 'The return target is not an earlier approval or start node' },
  FLW_ERR_TRANSFER_TARGET: { status: 422, zh: '转交对象不合法', en: 'The transfer target is not a valid user' },
  FLW_ERR_SIGNER_INVALID: { status: 422, zh: '加签人不合法', en: 'The added signer is not a valid user' },
  FLW_ERR_FIELD_NOT_EDITABLE: { status: 403, zh: '无权修改该表单字段', en: 'You may not edit this form field' },
  FLW_ERR_INCIDENT_NOT_FOUND: { status: 404, zh: '异常不存在或已处理', en: 'No such open incident' },
  FLW_ERR_IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '幂等键已用于另一次不同的发起（不同的流程、业务对象或表单内容）', en: 'The idempotency key was already used for a different start (another workflow, business object or form content)' },
  FLW_ERR_START_FORM_INVALID: { status: 400, zh: '发起表单填写不正确', en: 'The start form is not filled in correctly' },
  FLW_ERR_STEP_LIMIT: { status: 422, zh: '流程单次推进的节点数超出上限（可能存在死循环）', en: 'Too many nodes in one step (the flow may loop)' },
  // --- moving running instances to another version ---
  FLW_ERR_MIGRATION_BLOCKED: { status: 422, zh: '部分流程实例无法迁移，未做任何修改', en: 'Some instances cannot be migrated; nothing was changed' },
  FLW_ERR_MIGRATION_NOT_RUNNING: { status: 422, zh: '流程实例不在运行中，不能迁移', en: 'The instance is not running' },
  FLW_ERR_MIGRATION_WRONG_VERSION: { status: 422, zh: '流程实例不属于迁移的源版本', en: 'The instance does not run on the version migrated from' },
  FLW_ERR_MIGRATION_TARGET_NOT_PUBLISHED: { status: 422, zh: '目标版本尚未发布', en: 'The target version has not been published' },
  FLW_ERR_MIGRATION_NODE_NOT_MAPPED: { status: 422, zh: '实例当前所在节点没有映射到目标版本的节点', en: 'A node the instance is at has no node in the target version' },
  FLW_ERR_MIGRATION_NODE_TYPE_CHANGED: { status: 422, zh: '实例当前所在节点被映射到了不同类型的节点', en: 'A node the instance is at is mapped to a node of another type' },
  FLW_ERR_MIGRATION_BRANCH_CHANGED: { status: 422, zh: '实例处于并行分支中，而目标版本中该分支的汇聚不同', en: 'The instance is inside a parallel branch whose split or join differs in the target version' },
  // --- run time: incidents raised on a node ---
  FLW_ERR_RULE_FAILED: { status: 422, zh: '规则节点执行失败', en: 'The rule node failed' },
  FLW_ERR_SERVICE_FAILED: { status: 502, zh: '服务调用在最后一次重试后仍失败', en: 'The service call failed after its last retry' },
  FLW_ERR_ACTION_FAILED: { status: 422, zh: '业务动作执行失败（已重试或记录拒绝）', en: 'The action failed (after its retries, or the records refused it)' },
  FLW_ERR_SECRET_MISSING: { status: 422, zh: '服务节点引用的密钥在本租户不存在或无法解密，未发送请求', en: 'The service node names a secret this tenant does not have (or that cannot be opened); nothing was sent' },
  FLW_ERR_NO_APPROVER: { status: 422, zh: '找不到审批人，也没有租户管理员', en: 'No approver was found and there is no tenant admin' },
});
