import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Json } from '../../../rules/flow/index.js';
import type { WorkflowOptions } from '../../../server/workflows/workflow-jobs.js';
import { compileRuleSet } from '../../../rules/index.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import { acmeRegions, loadAcmeRuleSet } from '../../rules/acme-fixtures.js';
import { approvalFlow } from '../../rules/flow/flow-harness.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';

/** The real app with the workflow runtime's options (workers off unless asked). */
export const createWorkflowApp = (workflows: WorkflowOptions = {}, poolMax = 4): Promise<TestApp> => createTestApp({}, { workflows, poolMax });

const fulfilment = (() => {
  const input = loadAcmeRuleSet('warehouse-routing').testCases![0].input as Record<string, Json>;
  return { warehouses: input.warehouses, lanes: input.lanes, stock: input.stock };
})();

const acmePricing = compileRuleSet(loadAcmeRuleSet('order-pricing'), { regions: acmeRegions });
const acmeTiers = new Map(readSeedTenant('acme-chips').demo.dealers.map((d) => [d.code, d.tier ?? 'STANDARD']));

/**
 * A dealer order as the DMS hands it to the order flow: the dealer's balances and one order line of
 * MCU-F103 at 48.00, already priced by acme's pricing rule set at the dealer's demo tier (the flow
 * does not price again).
 */
export function orderVariables(dealerCode: string, qty: number, overrides: Record<string, Json> = {}): Record<string, Json> {
  const tier = acmeTiers.get(dealerCode) ?? 'STANDARD';
  const priced = acmePricing.evaluate({ tier, lines: [{ sku: 'MCU-F103', category: 'MCU', qty, listPrice: '48.00' }] }).outputs as { orderAmount: string; lines: { netUnitPrice: string; lineAmount: string }[] };
  const amount = priced.orderAmount;
  return {
    dealer: { code: dealerCode, prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 0, ...overrides },
    order: {
      orderDate: '2025-06-10', shipToRegion: 'SOUTH-SZ', customFields: {}, orderAmount: amount, requestedOffset: '0.00', appliedOffset: '0.00', payableAmount: amount,
      lines: [{ lineNo: 1, sku: 'MCU-F103', name: 'MCU-F103', category: 'MCU', qty, listPrice: '48.00', netUnitPrice: priced.lines[0].netUnitPrice, lineAmount: priced.lines[0].lineAmount, free: false }],
    },
    pricing: priced as unknown as Json,
    rebate: { appliedOffset: '0.00', payableAmount: amount },
    fulfilment,
  };
}

export const uniqueKey = (label: string) => `${label}-${randomUUID()}`;

/** Polls `read` (every 250 ms, up to a minute) until `done` holds: for what the workers finish after a command. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 240; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`never happened: ${what}`);
}

export class Client {
  constructor(readonly app: FastifyInstance, readonly token: string) {}

  static async login(app: FastifyInstance, tenant: string, login: string): Promise<Client> {
    return new Client(app, await loginAs(app, tenant, login));
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'GET', url, headers: bearer(this.token) });
  }

  post(url: string, payload: unknown = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...bearer(this.token), ...headers } });
  }

  async me(): Promise<{ id: string }> {
    return (await this.get('/api/me')).json();
  }
}

/**
 * Publishes a small workflow definition straight into the tenant's config documents (as a deploy
 * would), under a unique key, so a test owns its flow.
 */
export async function publishTestFlow(t: TestApp, tenantCode: string, definition: Record<string, unknown> & { key: string }): Promise<void> {
  const conn = t.orm.em.fork().getConnection();
  const [tenant] = await conn.execute<{ id: string }[]>('select id from tenant where code = ?', [tenantCode]);
  await conn.execute(
    `insert into config_document_version (id, tenant_id, kind, key, version, status, document, published_at, created_at) values (?, ?, 'workflow', ?, 1, 'PUBLISHED', ?, now(), now())`,
    [randomUUID(), tenant.id, definition.key, JSON.stringify(definition)],
  );
}

/** start → 或签 of every REGIONAL_SALES_MANAGER → end APPROVED (rejected → end REJECTED). */
/** start → 或签 of every REGIONAL_SALES_MANAGER → end, under its own key. */
export function anyOfFlow(key: string, approval: Record<string, unknown> = {}) {
  const flow = approvalFlow({ mode: 'ANY', assignees: [{ kind: 'role', role: 'REGIONAL_SALES_MANAGER' }], ...approval });
  return { ...flow, key, name: { zh: '或签测试', en: 'Any-of test' } };
}
