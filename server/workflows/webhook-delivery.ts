import { createHmac } from 'node:crypto';
import type { Json } from '../../rules/flow/index.js';
import type { EngineContext } from './workflow-env.service.js';
import { runCommand } from './workflow-engine.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

export const SIGNATURE_HEADER = 'x-channelflow-signature';
export const TIMESTAMP_HEADER = 'x-channelflow-timestamp';
const TIMEOUT_MS = 10_000;

/** `sha256=<hex>` of HMAC-SHA256 over `${timestamp}.${body}`: the receiver recomputes it with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

interface OutboxRow {
  id: string; instance_id: string; call_key: string; url: string; method: string; secret_ref: string;
  body: Record<string, unknown>; idempotency_key: string; status: string;
}

async function send(rt: WorkflowRuntime, tenantId: string, row: OutboxRow): Promise<{ ok: boolean; status: number | null; response?: Json; error?: string }> {
  const secret = rt.secrets(tenantId, row.secret_ref);
  if (!secret) return { ok: false, status: null, error: `no secret for ${row.secret_ref}` };
  const body = JSON.stringify(row.body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const res = await fetch(row.url, {
      method: row.method,
      body,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': row.idempotency_key,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    const text = await res.text();
    let response: Json = null;
    try { response = text ? JSON.parse(text) as Json : null; } catch { response = text.slice(0, 2000); }
    return res.ok ? { ok: true, status: res.status, response } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, status: null, error: (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' };
  }
}

/**
 * Delivers one outbox row and hands the result back to the machine as `serviceResult` (which
 * decides about retries with backoff and raises the incident after the last try). A row already
 * delivered or failed is left alone; a crash between the call and the result re-delivers with
 * the same idempotency key.
 */
export async function deliverOutbox(rt: WorkflowRuntime, ctx: EngineContext, outboxId: string): Promise<void> {
  const [row] = await ctx.em.getConnection().execute<OutboxRow[]>(
    'select id, instance_id, call_key, url, method, secret_ref, body, idempotency_key, status from workflow_outbox where id = ? and tenant_id = ?',
    [outboxId, ctx.tenantId],
  );
  if (!row || row.status !== 'PENDING') return;
  const result = await send(rt, ctx.tenantId, row);
  await runCommand(rt, ctx, row.instance_id, {
    type: 'serviceResult', callId: row.call_key, ok: result.ok,
    ...(result.response !== undefined ? { response: result.response } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  });
  await ctx.em.getConnection().execute(
    'update workflow_outbox set status = ?, response_status = ?, last_error = ?, delivered_at = ? where id = ? and tenant_id = ?',
    [result.ok ? 'DELIVERED' : 'FAILED', result.status, result.error ?? null, rt.clock().toISOString(), outboxId, ctx.tenantId],
  );
}
