import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Json } from '../../rules/flow/index.js';
import { checkOutgoingUrl, UrlRefusedError } from '../http/url-guard.js';
import { readSecretValue } from '../secrets/tenant-secret.service.js';
import type { EngineContext } from './workflow-env.service.js';
import { runCommand } from './workflow-engine.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';
import { tenantSql } from '../db/tenant-sql.js';

export const SIGNATURE_HEADER = 'x-channelflow-signature';
export const TIMESTAMP_HEADER = 'x-channelflow-timestamp';
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** `sha256=<hex>` of HMAC-SHA256 over `${timestamp}.${body}`: the receiver recomputes it with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}


interface OutboxRow {
  id: string; instance_id: string; call_key: string; url: string; method: string; secret_ref: string;
  body: Record<string, unknown>; idempotency_key: string; status: string;
}

/** `refused`: not sent and not retried; the incident is raised at once with that code. */
interface SendResult { ok: boolean; status: number | null; response?: Json; error?: string; refused?: 'FLW_ERR_URL_REFUSED' | 'FLW_ERR_SECRET_MISSING' }

function readCapped(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_RESPONSE_BYTES) res.destroy(new Error('response too large'));
      else chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** One HTTP call to an address already checked: the socket connects to that address, whatever DNS says now. */
function post(url: URL, address: string, family: 4 | 6, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinned, timeout: TIMEOUT_MS }, (res) => {
      readCapped(res).then((text) => resolve({ status: res.statusCode ?? 0, text }), reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

async function send(rt: WorkflowRuntime, ctx: EngineContext, row: OutboxRow): Promise<SendResult> {
  const guard = rt.webhookGuard;
  let target;
  try {
    target = await checkOutgoingUrl(row.url, guard.policy, guard.resolve);
  } catch (e) {
    if (e instanceof UrlRefusedError) return { ok: false, status: null, refused: 'FLW_ERR_URL_REFUSED', error: e.reason };
    return { ok: false, status: null, error: 'name not resolved' };
  }
  // The secret of the instance's own tenant, or nothing is sent: never unsigned, never another tenant's key.
  const secret = await readSecretValue(ctx, rt.secretsKey, row.secret_ref);
  if (!secret.ok) return { ok: false, status: null, refused: 'FLW_ERR_SECRET_MISSING', error: secret.reason };
  const body = JSON.stringify(row.body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    // No redirects are followed: a 3xx is a failure, so a redirect cannot lead past the address check.
    const res = await post(target.url, target.address, target.family, row.method, {
      'content-type': 'application/json',
      'idempotency-key': row.idempotency_key,
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signWebhook(secret.value, timestamp, body),
    }, body);
    let response: Json = null;
    try { response = res.text ? JSON.parse(res.text) as Json : null; } catch { response = res.text.slice(0, 2000); }
    const ok = res.status >= 200 && res.status < 300;
    return ok ? { ok: true, status: res.status, response } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, status: null, error: (e as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' };
  }
}

/**
 * Delivers one outbox row and hands the result back to the machine as `serviceResult` (which
 * decides about retries with backoff and raises the incident after the last try). A URL the
 * address guard refuses is not retried: the machine raises FLW_ERR_URL_REFUSED at once; nor is a
 * `secretRef` naming no secret of the instance's tenant (FLW_ERR_SECRET_MISSING, nothing sent). A row
 * already delivered or failed is left alone; a crash between the call and the result re-delivers
 * with the same idempotency key.
 */
export async function deliverOutbox(rt: WorkflowRuntime, ctx: EngineContext, outboxId: string): Promise<void> {
  const [row] = await tenantSql(ctx)<OutboxRow[]>(
    'select id, instance_id, call_key, url, method, secret_ref, body, idempotency_key, status from workflow_outbox where id = ? and tenant_id = :tenant',
    [outboxId],
  );
  if (!row || row.status !== 'PENDING') return;
  const result = await send(rt, ctx, row);
  await runCommand(rt, ctx, row.instance_id, {
    type: 'serviceResult', callId: row.call_key, ok: result.ok,
    ...(result.response !== undefined ? { response: result.response } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.refused ? { retryable: false, incidentCode: result.refused } : {}),
  });
  await tenantSql(ctx)(
    'update workflow_outbox set status = ?, response_status = ?, last_error = ?, delivered_at = ? where id = ? and tenant_id = :tenant',
    [result.ok ? 'DELIVERED' : 'FAILED', result.status, result.error?.slice(0, 1000) ?? null, rt.clock().toISOString(), outboxId],
  );
}
