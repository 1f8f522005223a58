import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type {
  InboxQuery, TaskAddSignerRequest, TaskApproveRequest, TaskIdParams, TaskRejectRequest, TaskReturnRequest, TaskTransferRequest,
} from '../../schemas/api/workflow-api.schema.js';
import type { FlowCommand, FlowDefinition, FlowState, Json } from '../../rules/flow/index.js';
import { ConfigDocumentVersion, Dealer, Order, WorkflowInstance, type WorkflowInstance as InstanceRow } from '../entities/index.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { runCommand } from './workflow-engine.service.js';
import { editablePatch, resubmitPatch } from './field-permissions.js';
import { checkStartForm, isRecordFlow, resubmittedFormVariables, startFormOf } from './start-form.service.js';
import { findTask, inbox } from './workflow-query.service.js';
import { instanceAfter, workflowErrors } from './workflow.routes.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

const tags = ['tasks'];
const inboxResponse = {
  type: 'object',
  required: ['tasks', 'instances'],
  properties: { tasks: { type: 'array', items: { $ref: 'WorkflowTaskView#' } }, instances: { type: 'array', items: { $ref: 'WorkflowInstanceView#' } } },
} as const;

type TaskCommand = Exclude<FlowCommand, { type: 'start' | 'withdraw' | 'urge' | 'comment' | 'timerFired' | 'serviceResult' | 'resolveIncident' }>;

/**
 * The initiator's changes on resubmitting: declared variables only, master data over `dealer`, nothing
 * on an order's instance. The variables after the changes must fill the start form the instance was
 * started with, as at the start (FLW_ERR_START_FORM_INVALID, pointers under /formPatch).
 */
async function resubmitPatchFor(rt: WorkflowRuntime, ctx: AuthedContext, instance: InstanceRow, state: FlowState, patch: Record<string, Json>) {
  const [definition, order] = await Promise.all([
    ctx.em.findOne(ConfigDocumentVersion, { kind: 'workflow', key: instance.definitionKey, version: instance.definitionVersion }),
    ctx.em.findOne(Order, { workflowInstance: instance.id }, { fields: ['id'] }),
  ]);
  const declared = new Set(((definition?.document as { variables?: { name: string }[] } | undefined)?.variables ?? []).map((v) => v.name));
  const dealer = instance.dealer ? await ctx.em.findOne(Dealer, { id: instance.dealer.id }) : null;
  const kept = resubmitPatch(patch, state.variables, declared, { recordBacked: order !== null, dealer });
  // a record's flow (the order flow) takes its variables from the record: its start form describes the record, not them
  if (definition && order === null && !isRecordFlow(rt, instance.definitionKey)) {
    const form = await startFormOf(rt, ctx, definition.document as unknown as FlowDefinition, instance.createdAt);
    if (form) checkStartForm(form, resubmittedFormVariables(form, { ...state.variables, ...kept }, patch), ctx.locale, '/formPatch');
  }
  return kept;
}

/** The inbox (待办 / 已办 / 我发起的 / 抄送我) and the approver's actions on one task. */
export async function taskRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof InboxQuery> }>('/api/tasks', {
    schema: { tags, summary: 'My inbox / 我的待办、已办、我发起的、抄送我', querystring: { $ref: 'InboxQuery#' }, response: { 200: inboxResponse, ...workflowErrors } },
  }, async (request) => inbox(requireUser(request.ctx), request.query.box));

  /**
   * Open to every user (a dealer initiator resubmits a returned order through its RESUBMIT task): the
   * machine checks the assignee (FLW_ERR_NOT_ASSIGNEE) and that the task is still pending, under the instance lock.
   */
  const act = async (ctx: AuthedContext, taskId: string, build: (taskKey: string) => TaskCommand) => {
    const task = await findTask(ctx, taskId);
    const outcome = await runCommand(runtime, ctx, task.instance.id, build(task.taskKey));
    return instanceAfter(ctx, outcome, { changed: outcome.changed });
  };
  /**
   * An approver's form changes, narrowed to the fields their node lets them edit (unchanged
   * read-only fields are dropped; a changed or hidden one is a 400 with its pointer). When the task
   * is not theirs or no longer pending, the machine's own refusal answers instead.
   */
  const allowedPatch = async (ctx: AuthedContext, taskId: string, patch: Record<string, Json> | undefined) => {
    const given = patch && Object.keys(patch).length > 0 ? patch : undefined;
    const row = await findTask(ctx, taskId);
    const instance = await ctx.em.findOne(WorkflowInstance, { id: row.instance.id });
    const state = instance?.state as FlowState | undefined;
    const task = state?.tasks.find((t) => t.id === row.taskKey);
    if (!instance || !state || !task || task.assignee !== ctx.user.id || task.status !== 'PENDING') return given;
    // a resubmit is checked against the start form even when nothing is changed
    if (!given && task.kind !== 'RESUBMIT') return undefined;
    const kept = task.kind === 'RESUBMIT' ? await resubmitPatchFor(runtime, ctx, instance, state, given ?? {}) : editablePatch(task, given!, state.variables);
    return Object.keys(kept).length > 0 ? kept : undefined;
  };

  const opt = <K extends string, V>(key: K, v: V | undefined) => (v !== undefined ? { [key]: v } as Record<K, V> : {});
  const route = <B>(path: string, summary: string, body: string, build: (ctx: AuthedContext, body: B) => (taskKey: string) => TaskCommand) => {
    app.post<{ Params: FromSchema<typeof TaskIdParams>; Body: B }>(`/api/tasks/:taskId/${path}`, {
      schema: { tags, summary, params: { $ref: 'TaskIdParams#' }, body: { $ref: `${body}#` }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
    }, async (request) => {
      const ctx = requireUser(request.ctx);
      return act(ctx, request.params.taskId, build(ctx, (request.body ?? {}) as B));
    });
  };

  app.post<{ Params: FromSchema<typeof TaskIdParams>; Body: FromSchema<typeof TaskApproveRequest> }>('/api/tasks/:taskId/approve', {
    schema: { tags, summary: 'Approve / 同意', params: { $ref: 'TaskIdParams#' }, body: { $ref: 'TaskApproveRequest#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const b = request.body ?? {};
    const formPatch = await allowedPatch(ctx, request.params.taskId, b.formPatch as Record<string, Json> | undefined);
    return act(ctx, request.params.taskId, (taskKey) => ({
      type: 'approve', actor: ctx.user.id, taskId: taskKey, ...opt('comment', b.comment), ...opt('formPatch', formPatch),
    }));
  });
  route<FromSchema<typeof TaskRejectRequest>>('reject', 'Reject / 驳回', 'TaskRejectRequest', (ctx, b) => (taskId) => ({
    type: 'reject', actor: ctx.user.id, taskId, ...opt('comment', b.comment),
  }));
  route<FromSchema<typeof TaskReturnRequest>>('return', 'Return to an earlier node / 退回', 'TaskReturnRequest', (ctx, b) => (taskId) => ({
    type: 'return', actor: ctx.user.id, taskId, ...opt('comment', b.comment), ...opt('targetNodeId', b.targetNodeId),
  }));
  route<FromSchema<typeof TaskTransferRequest>>('transfer', 'Transfer / 转交', 'TaskTransferRequest', (ctx, b) => (taskId) => ({
    type: 'transfer', actor: ctx.user.id, taskId, to: b.to, ...opt('comment', b.comment),
  }));
  route<FromSchema<typeof TaskAddSignerRequest>>('add-signer', 'Add a signer before or after / 加签', 'TaskAddSignerRequest', (ctx, b) => (taskId) => ({
    type: 'addSigner', actor: ctx.user.id, taskId, users: [...b.users], position: b.position, ...opt('comment', b.comment),
  }));
}
