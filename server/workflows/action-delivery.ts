import type { FlowState, Json } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { ActionJob } from './workflow-persistence.js';
import type { EngineContext } from './workflow-env.service.js';
import { runCommand } from './workflow-engine.service.js';
import type { ActionContext, WorkflowRuntime } from './workflow-runtime.js';
import type { IncidentResolution } from '../../schemas/api/incident-resolution.schema.js';
import type { ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import { tenantSql } from '../db/tenant-sql.js';

/** What a failed attempt reports: an AppError's code and details (the records refused), else only the error's kind. */
function failureText(e: unknown): string {
  if (e instanceof AppError) return `${e.code}${Object.keys(e.details ?? {}).length ? ` ${JSON.stringify(e.details).slice(0, 500)}` : ''}`;
  return e instanceof Error ? e.name || 'Error' : 'failed';
}

/**
 * Runs one attempt of an action node. In ONE transaction: lock the instance (a late or duplicated
 * job — the call no longer waiting, another attempt — does nothing), look for the call's committed
 * run (a redelivery after a commit gets the first result back), else run the handler and record
 * the run, then give the machine its `serviceResult` — so the records and the instance move
 * together or not at all. When the attempt throws, the transaction is rolled back and the failure
 * is reported in its own transaction: an AppError (the records refuse: wrong order state, rebate
 * short) raises the incident at once, anything else is retried with the node's backoff.
 */
export async function runActionJob(rt: WorkflowRuntime, ctx: EngineContext, job: ActionJob): Promise<void> {
  const handlers = rt.actionHandlers;
  try {
    await ctx.em.transactional(async (tx) => {
      const txCtx = { em: tx, tenantId: ctx.tenantId };
      const sql = tenantSql(txCtx);
      const [row] = await sql<{ state: FlowState }[]>('select state from workflow_instance where id = ? and tenant_id = :tenant for update', [job.instanceId]);
      const call = row?.state.calls.find((c) => c.id === job.callId);
      if (!call || call.status !== 'CALLING' || call.attempt !== job.attempt) return;
      const [done] = await sql<{ result: Json }[]>(
        'select result from workflow_action_run where tenant_id = :tenant and instance_id = ? and call_key = ?', [job.instanceId, job.callId],
      );
      let result: Json;
      if (done) {
        result = done.result;
      } else {
        if (!handlers) throw new Error('no action handlers registered');
        const now = rt.clock();
        result = await handlers[job.action]({ ...txCtx, ruleCache: rt.rules }, {
          instanceId: job.instanceId, callId: job.callId, nodeId: job.nodeId, attempt: job.attempt, idempotencyKey: job.idempotencyKey,
          inputs: job.inputs, asOf: shanghaiToday(now), now,
        });
        await tx.execute(
          `insert into workflow_action_run (id, tenant_id, instance_id, call_key, node_id, action, attempt, inputs, result, created_at)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
          [ctx.tenantId, job.instanceId, job.callId, job.nodeId, job.action, job.attempt, JSON.stringify(job.inputs), JSON.stringify(result ?? null), now.toISOString()],
        );
      }
      await runCommand(rt, txCtx, job.instanceId, { type: 'serviceResult', callId: job.callId, ok: true, response: result ?? null });
    });
  } catch (e) {
    const refused = e instanceof AppError;
    await runCommand(rt, ctx, job.instanceId, {
      type: 'serviceResult', callId: job.callId, ok: false, error: failureText(e),
      ...(refused ? { retryable: false, incidentCode: 'FLW_ERR_ACTION_FAILED' as const } : {}),
    });
  }
}

/** The incident an admin resolves, as a policy sees it (read under the instance's lock). */
export interface IncidentAt { instanceId: string; nodeId: string; incidentKey: string; code: string; message: string; /** The Asia/Shanghai date of the engine clock. */ asOf: string }

/** Whether a way out keeps the records as they should be now; `why` explains a refusal (and what is offered instead). */
export interface IncidentCheck { allowed: boolean; why?: Record<string, Json> }

/** What a resolution did: how the flow goes on (skip the node, or withdraw the instance) and the note the timeline keeps. */
export interface ResolutionOutcome { then: 'SKIP' | 'WITHDRAW'; note: string }

/**
 * What retry and skip mean for one action node type, and which further resolutions it offers. The
 * owner of the records (the DMS) declares one per action type: a skip that would let an order be
 * charged differently from its ledger is refused, a retry that can only fail again is refused, and
 * a resolution changes the records in the same transaction as the flow's move.
 */
export interface ActionIncidentPolicy {
  allows(ctx: ActionContext, at: IncidentAt, action: 'RETRY' | 'SKIP'): Promise<IncidentCheck>;
  resolutions: { readonly [R in IncidentResolution]?: (ctx: ActionContext, at: IncidentAt, by: { actor: string; reason?: string }) => Promise<ResolutionOutcome> };
}
export type ActionIncidentPolicies = { readonly [K in ActionNodeTypeId]: ActionIncidentPolicy };
