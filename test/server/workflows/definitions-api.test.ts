import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp } from './workflow-test-support.js';

let t: TestApp;
const c: Record<string, Client> = {};
let adminId: string;

beforeAll(async () => {
  t = await createWorkflowApp();
  for (const login of ['admin', 'deployer', 'b01.buyer']) c[login] = await Client.login(t.app, 'beta-tools', login);
  for (const login of ['hefang', 'sunli']) c[login] = await Client.login(t.app, 'acme-chips', login);
  adminId = (await c.admin.me()).id;
});
/** The rule-set tests expect beta-tools to hold no rule set: leave none behind, even when a test fails. */
const ruleSetsToRemove: string[] = [];
afterAll(async () => {
  if (ruleSetsToRemove.length) await t.orm.em.fork().getConnection().execute('delete from rule_set_version where key in (?)', [ruleSetsToRemove]);
  await t?.close();
});

const send = (who: string, method: 'PUT' | 'DELETE' | 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${c[who].token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
const uniqueKey = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** start (optional form) → review by the beta admin → done. */
function reviewFlow(key: string, extra: { form?: string; nodes?: object[]; edges?: object[] } = {}) {
  return {
    key, name: { zh: '审核', en: 'Review' }, variables: [],
    nodes: [
      { id: 'start', type: 'start', params: extra.form ? { form: { key: extra.form } } : {} },
      { id: 'review', type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [adminId] }] } },
      { id: 'done', type: 'end', params: { outcome: 'APPROVED' } },
      ...(extra.nodes ?? []),
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'review' },
      { id: 'e2', from: 'review', to: 'done', port: 'approved' },
      ...(extra.edges ?? []),
    ],
  };
}

function form(key: string, schema: object = { type: 'object', properties: { qty: { type: 'integer', minimum: 1 } } }) {
  return { key, name: { zh: '申请单', en: 'Request' }, schema };
}

describe('workflow definitions: draft → validate → publish', () => {
  it('creates version 1 as a draft, refuses the same key twice, and shows the version with its document', async () => {
    const key = uniqueKey('wf');
    const created = await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key, version: 1, status: 'DRAFT', rowVersion: 1, createdBy: adminId, publishedAt: null, document: { key, version: 1 } });
    const again = await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CF_ERR_CONFLICT');
    const detail = await send('deployer', 'GET', `/api/workflows/${key}/versions/1`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().document.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'review', 'done']);
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/2`)).statusCode).toBe(404);
  });

  it('lists drafts to authors (GET /api/workflow-definitions) while GET /api/workflows lists only what may be started', async () => {
    const key = uniqueKey('wf');
    expect((await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) })).statusCode).toBe(201);
    const authoring = await send('admin', 'GET', '/api/workflow-definitions');
    expect(authoring.statusCode, authoring.body).toBe(200);
    expect(authoring.json()).toContainEqual({ key, name: { zh: '审核', en: 'Review' }, published: null, draft: 1 });
    expect((await send('admin', 'GET', '/api/workflows')).json().map((w: { key: string }) => w.key)).not.toContain(key);
    expect((await send('b01.buyer', 'GET', '/api/workflow-definitions')).statusCode).toBe(403);
    const acme = (await send('hefang', 'GET', '/api/workflow-definitions')).json() as { key: string }[];
    expect(acme.map((w) => w.key)).toContain('dealer-order-approval');
    expect(acme.map((w) => w.key)).not.toContain(key);
  });

  it('answers a document that breaks the FlowDefinition schema with 400 and pointers into the body', async () => {
    const key = uniqueKey('wf');
    const bad = { ...reviewFlow(key), nodes: [{ id: 'start', type: 'teleport', params: {} }] };
    const created = await send('admin', 'POST', '/api/workflows', { document: bad });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('CF_ERR_VALIDATION');
    expect(created.json().details.problems.map((p: { pointer: string }) => p.pointer)).toContain('/document/nodes/0');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    const { nodes: _dropped, ...noNodes } = reviewFlow(key);
    const saved = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: noNodes });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', pointer: '/document/nodes' })]));
    const otherKey = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: reviewFlow('someone-else') });
    expect(otherKey.json().details.problems).toEqual([expect.objectContaining({ pointer: '/document/key' })]);
  });

  it('saves an incomplete draft (an approval without approvers yet) and refuses to publish it until complete', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    const incomplete = reviewFlow(key);
    incomplete.nodes[1] = { id: 'review', type: 'approval', params: { mode: 'SINGLE' } } as (typeof incomplete.nodes)[number];
    const saved = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: incomplete });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().document.nodes[1].params).toEqual({ mode: 'SINGLE' });
    const refused = await send('admin', 'POST', `/api/workflows/${key}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'review' })]));
    const noEdgeIds = { ...reviewFlow(key), edges: [{ from: 'start', to: 'review' }] };
    const broken = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: noEdgeIds });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/document/edges/0/id' })]));
  });

  it('keeps the draft under an optimistic lock: a stale rowVersion gets 409 and changes nothing', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    const first = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: { ...reviewFlow(key), description: 'first edit' }, rowVersion: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 1, rowVersion: 2, description: 'first edit' });
    const stale = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: { ...reviewFlow(key), description: 'lost edit' }, rowVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CF_ERR_STALE_VERSION');
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json().description).toBe('first edit');
  });

  it('validates the draft and an unsaved document with the graph and reference checks, naming nodes', async () => {
    const key = uniqueKey('wf');
    const broken = reviewFlow(key, { form: 'no-such-form', nodes: [{ id: 'orphan', type: 'end', params: { outcome: 'REJECTED' } }] });
    await send('admin', 'POST', '/api/workflows', { document: broken });
    const report = await send('admin', 'POST', `/api/workflows/${key}/validate`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().ok).toBe(false);
    expect(report.json().problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'FLW_ERR_UNKNOWN_FORM', nodeId: 'start', pointer: '/nodes/0/params/form/key' }),
      expect.objectContaining({ code: 'FLW_ERR_UNREACHABLE', nodeId: 'orphan', pointer: '/nodes/3' }),
    ]));
    const unsaved = await send('admin', 'POST', '/api/workflows/validate-document', { document: broken });
    expect(unsaved.json()).toEqual(report.json());
    const notEvenSchema = await send('admin', 'POST', '/api/workflows/validate-document', { document: { key } });
    expect(notEvenSchema.statusCode).toBe(200);
    expect(notEvenSchema.json().problems[0]).toMatchObject({ code: 'FLW_ERR_SCHEMA' });
    const fine = await send('admin', 'POST', '/api/workflows/validate-document', { document: reviewFlow(key) });
    expect(fine.json()).toEqual({ ok: true, problems: [] });
  });

  it('refuses to publish a failing draft (422, each problem with its node id) and publishes it once fixed', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key, { nodes: [{ id: 'orphan', type: 'end', params: { outcome: 'REJECTED' } }] }) });
    const refused = await send('admin', 'POST', `/api/workflows/${key}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('FLW_ERR_INVALID_DEFINITION');
    expect(refused.json().details.problems).toEqual([expect.objectContaining({ code: 'FLW_ERR_UNREACHABLE', nodeId: 'orphan', pointer: '/nodes/3' })]);
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json().status).toBe('DRAFT');

    expect((await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: reviewFlow(key) })).statusCode).toBe(200);
    const published = await send('admin', 'POST', `/api/workflows/${key}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ version: 1, status: 'PUBLISHED', publishedBy: adminId });
    expect((await send('b01.buyer', 'GET', '/api/workflows')).json().map((w: { key: string }) => w.key)).toContain(key);
  });

  it('never changes a published version: the next save opens version 2, publishing it supersedes version 1', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    await send('admin', 'POST', `/api/workflows/${key}/publish`);
    const v1 = (await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json();
    const draft = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: { ...reviewFlow(key), description: 'v2' }, rowVersion: v1.rowVersion });
    expect(draft.json()).toMatchObject({ version: 2, status: 'DRAFT' });
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json()).toEqual(v1);
    expect((await send('admin', 'POST', `/api/workflows/${key}/publish`)).json()).toMatchObject({ version: 2, status: 'PUBLISHED' });
    const versions = (await send('admin', 'GET', `/api/workflows/${key}/versions`)).json();
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'PUBLISHED'], [1, 'SUPERSEDED']]);
    expect((await send('admin', 'POST', `/api/workflows/${key}/publish`)).statusCode).toBe(404);
  });

  it('discards a draft; the published version stays', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    await send('admin', 'POST', `/api/workflows/${key}/publish`);
    await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: { ...reviewFlow(key), description: 'abandoned' } });
    const gone = await send('admin', 'DELETE', `/api/workflows/${key}/draft`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/2`)).statusCode).toBe(404);
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json().status).toBe('PUBLISHED');
    expect((await send('admin', 'DELETE', `/api/workflows/${key}/draft`)).statusCode).toBe(404);
    expect((await send('admin', 'POST', `/api/workflows/${key}/validate`)).statusCode).toBe(404);
  });

  it('moves a draft that a deploy overtook past the deployed version, so versions grow in publish order', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    // What a deploy of the same key does: the next version, published.
    await t.orm.em.fork().getConnection().execute(
      `insert into config_document_version (id, tenant_id, kind, key, version, status, document, published_at, created_at)
       select ?, tenant_id, 'workflow', key, 2, 'PUBLISHED', document, now(), now() from config_document_version where key = ? and version = 1`,
      [randomUUID(), key],
    );
    const saved = await send('admin', 'PUT', `/api/workflows/${key}/draft`, { document: { ...reviewFlow(key), description: 'after the deploy' }, rowVersion: 1 });
    expect(saved.json()).toMatchObject({ version: 3, status: 'DRAFT', description: 'after the deploy' });
    expect((await send('admin', 'POST', `/api/workflows/${key}/publish`)).json()).toMatchObject({ version: 3, status: 'PUBLISHED' });
    const versions = (await send('admin', 'GET', `/api/workflows/${key}/versions`)).json();
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[3, 'PUBLISHED'], [2, 'SUPERSEDED']]);
  });

  it('checks rule nodes against the published rule set inputs, as the bundle validation does', async () => {
    const ruleKey = uniqueKey('bonus');
    ruleSetsToRemove.push(ruleKey);
    const ruleSet = {
      key: ruleKey, name: { zh: '量返', en: 'Volume bonus' },
      inputs: [{ name: 'amount', type: 'money' }], outputs: [{ name: 'bonus', type: 'money' }],
      steps: [{ kind: 'assign', id: 'calc', set: { bonus: { $expr: 'round(amount * 0.01, 2)' } } }],
    };
    expect((await send('admin', 'POST', '/api/rule-sets', ruleSet)).statusCode).toBe(201);
    const key = uniqueKey('wf');
    const flow = reviewFlow(key, {});
    const withRule = {
      ...flow,
      variables: [{ name: 'amount', type: 'money' }],
      nodes: [...flow.nodes, { id: 'price', type: 'rule', params: { ruleSet: { key: ruleKey }, inputs: { total: { $var: 'amount' } }, resultVariable: 'bonus' } }],
      edges: [{ id: 'e1', from: 'start', to: 'price' }, { id: 'e3', from: 'price', to: 'review' }, flow.edges[1]],
    };
    const unpublished = (await send('admin', 'POST', '/api/workflows/validate-document', { document: withRule })).json();
    expect(unpublished.problems).toEqual([expect.objectContaining({ code: 'FLW_ERR_UNKNOWN_RULE_SET', nodeId: 'price' })]);
    expect((await send('admin', 'POST', `/api/rule-sets/${ruleKey}/publish`)).statusCode).toBe(200);
    const inputs = (await send('admin', 'POST', '/api/workflows/validate-document', { document: withRule })).json();
    expect(inputs.problems.map((p: { code: string; nodeId: string; pointer: string }) => [p.code, p.nodeId, p.pointer])).toEqual([
      ['CFG_ERR_DANGLING_REFERENCE', 'price', '/nodes/3/params/inputs/total'],
      ['CFG_ERR_DANGLING_REFERENCE', 'price', '/nodes/3/params/inputs'],
    ]);
  });
});

describe('forms', () => {
  it('lists, creates, validates and publishes a form; a workflow naming it stays valid across form versions', async () => {
    const key = uniqueKey('form');
    const created = await send('admin', 'POST', '/api/forms', { document: form(key) });
    expect(created.statusCode, created.body).toBe(201);
    expect((await send('admin', 'POST', `/api/forms/${key}/validate`)).json()).toEqual({ ok: true, problems: [] });
    const flowKey = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(flowKey, { form: key }) });
    expect((await send('admin', 'POST', `/api/workflows/${flowKey}/validate`)).json().problems[0]).toMatchObject({ code: 'FLW_ERR_UNKNOWN_FORM', nodeId: 'start' });

    expect((await send('admin', 'POST', `/api/forms/${key}/publish`)).json()).toMatchObject({ version: 1, status: 'PUBLISHED' });
    expect((await send('admin', 'POST', `/api/workflows/${flowKey}/publish`)).statusCode).toBe(200);
    await send('admin', 'PUT', `/api/forms/${key}/draft`, { document: { ...form(key), description: 'v2' } });
    expect((await send('admin', 'GET', '/api/forms')).json()).toEqual(expect.arrayContaining([{ key, name: form(key).name, published: 1, draft: 2 }]));
    expect((await send('admin', 'POST', `/api/forms/${key}/publish`)).json()).toMatchObject({ version: 2, status: 'PUBLISHED' });
    expect((await send('admin', 'POST', '/api/workflows/validate-document', { document: reviewFlow(flowKey, { form: key }) })).json()).toEqual({ ok: true, problems: [] });
    const versions = (await send('sunli', 'GET', `/api/forms/${key}/versions`));
    expect(versions.statusCode).toBe(404);
    expect((await send('deployer', 'GET', `/api/forms/${key}/versions`)).json().map((v: { status: string }) => v.status)).toEqual(['PUBLISHED', 'SUPERSEDED']);
  });

  it('answers a form outside the FormDefinition schema with 400, and refuses to publish a form whose schema does not compile', async () => {
    const key = uniqueKey('form');
    const bad = await send('admin', 'POST', '/api/forms', { document: { key, schema: { type: 'object', properties: {} } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems).toEqual([expect.objectContaining({ in: 'body', pointer: '/document/name' })]);
    await send('admin', 'POST', '/api/forms', { document: form(key, { type: 'object', properties: { qty: { type: 'whole-number' } } }) });
    const report = (await send('admin', 'POST', `/api/forms/${key}/validate`)).json();
    expect(report).toMatchObject({ ok: false, problems: [{ code: 'CFG_ERR_SCHEMA', pointer: '/schema' }] });
    const refused = await send('admin', 'POST', `/api/forms/${key}/publish`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'CFG_ERR_INVALID_FORM', details: { problems: [{ code: 'CFG_ERR_SCHEMA', pointer: '/schema' }] } });
  });
});

describe('walls', () => {
  it('lets only tenant admins write: deployers and approvers get 403, dealers are refused every authoring route', async () => {
    const key = uniqueKey('wf');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    expect((await send('deployer', 'POST', '/api/workflows', { document: reviewFlow(uniqueKey('wf')) })).statusCode).toBe(403);
    expect((await send('deployer', 'PUT', `/api/workflows/${key}/draft`, { document: reviewFlow(key) })).statusCode).toBe(403);
    expect((await send('sunli', 'POST', '/api/forms', { document: form(uniqueKey('form')) })).statusCode).toBe(403);
    const dealerCalls: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown][] = [
      ['POST', '/api/workflows', { document: reviewFlow(uniqueKey('wf')) }],
      ['GET', `/api/workflows/${key}/versions/1`],
      ['PUT', `/api/workflows/${key}/draft`, { document: reviewFlow(key) }],
      ['DELETE', `/api/workflows/${key}/draft`],
      ['POST', `/api/workflows/${key}/validate`],
      ['POST', '/api/workflows/validate-document', { document: reviewFlow(key) }],
      ['POST', `/api/workflows/${key}/publish`],
      ['POST', `/api/workflows/${key}/migrations/dry-run`, { fromVersion: 1, toVersion: 2, nodeMapping: {} }],
      ['POST', `/api/workflows/${key}/migrations`, { fromVersion: 1, toVersion: 2, nodeMapping: {} }],
      ['GET', '/api/forms'],
      ['POST', '/api/forms', { document: form(uniqueKey('form')) }],
      ['GET', `/api/forms/${key}/versions`],
      ['PUT', `/api/forms/${key}/draft`, { document: form(key) }],
      ['POST', `/api/forms/${key}/publish`],
    ];
    for (const [method, url, body] of dealerCalls) {
      const res = await send('b01.buyer', method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('AUTH_ERR_FORBIDDEN');
    }
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json().status).toBe('DRAFT');
  });

  it('walls tenants off: another tenant\'s definitions and forms are 404 for every route', async () => {
    const key = uniqueKey('wf');
    const formKey = uniqueKey('form');
    await send('admin', 'POST', '/api/workflows', { document: reviewFlow(key) });
    await send('admin', 'POST', '/api/forms', { document: form(formKey) });
    const calls: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown][] = [
      ['GET', `/api/workflows/${key}/versions/1`],
      ['PUT', `/api/workflows/${key}/draft`, { document: reviewFlow(key) }],
      ['DELETE', `/api/workflows/${key}/draft`],
      ['POST', `/api/workflows/${key}/validate`],
      ['POST', `/api/workflows/${key}/publish`],
      ['GET', `/api/forms/${formKey}/versions`],
      ['GET', `/api/forms/${formKey}/versions/1`],
      ['PUT', `/api/forms/${formKey}/draft`, { document: form(formKey) }],
      ['DELETE', `/api/forms/${formKey}/draft`],
      ['POST', `/api/forms/${formKey}/validate`],
      ['POST', `/api/forms/${formKey}/publish`],
    ];
    for (const [method, url, body] of calls) expect((await send('hefang', method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    expect((await send('hefang', 'GET', '/api/forms')).json().map((f: { key: string }) => f.key)).not.toContain(formKey);
    expect((await send('admin', 'GET', `/api/workflows/${key}/versions/1`)).json()).toMatchObject({ status: 'DRAFT', rowVersion: 1 });
  });
});
