import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { checkFormData, createFormValidator } from '../../../studio/src/form-runtime/form-validation.js';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { Client, createWorkflowApp, eventually, publishTestFlow, uniqueKey } from '../workflows/workflow-test-support.js';

/**
 * Start forms are checked on the server: every start over POST /api/workflows/{key}/instances and
 * every resubmit after 退回 must fill the published start form (the form the start node
 * references; `form.variable` names the variable holding its data), with the words the dealer's
 * browser shows, a JSON pointer per problem, and nothing started on failure.
 */
let t: TestApp;
let code: string;
let d05: Client, hefang: Client, liuyang: Client, sunli: Client;

beforeAll(async () => {
  t = await createWorkflowApp();
  ({ code } = await createAcmeCopy(t.orm, ['liuyang', 'sunli']));
  [d05, hefang, liuyang, sunli] = await Promise.all(['d05.buyer', 'hefang', 'liuyang', 'sunli'].map((l) => Client.login(t.app, code, l)));
}, 120_000);
afterAll(async () => t?.close());

/** What the portal's 入驻申请 sends when the dealer filled the form in correctly. */
const application = { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: '91440300MA5F12340X', homeRegion: 'R-SOUTH', contactName: '李四', contactPhone: '13800000001' };
const bad = { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: 'NOT-A-CODE', homeRegion: 'R-SOUTH', contactPhone: '13800000001', creditLimit: '99999999.00' };
const onboardingSchema = JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/forms/dealer-onboarding.json', import.meta.url), 'utf8')).schema as RJSFSchema;

const instancesOfTenant = async () => {
  const [row] = await t.orm.em.fork().getConnection().execute<{ n: string }[]>(
    'select count(*) as n from workflow_instance i join tenant t on t.id = i.tenant_id where t.code = ?', [code]);
  return Number(row.n);
};
const start = (c: Client, variables: unknown, headers: Record<string, string> = {}) =>
  c.post('/api/workflows/dealer-onboarding/instances', { variables, idempotencyKey: uniqueKey('onb') }, headers);
const todoOn = (c: Client, instanceId: string) => eventually(async () => ((await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string; nodeId: string }[])
  .find((x) => x.instanceId === instanceId), (x) => x !== undefined, 'a task');

describe('start forms are not checked on the server (item 10)', () => {
  it('an onboarding with unifiedSocialCreditCode "NOT-A-CODE" and extra fields is 400 FLW_ERR_START_FORM_INVALID with a pointer per problem; nothing is started', async () => {
    const before = await instancesOfTenant();
    const res = await start(d05, { dealerCode: 'D05', application: bad });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json();
    expect(body.code).toBe('FLW_ERR_START_FORM_INVALID');
    expect(body.details).toMatchObject({ form: 'dealer-onboarding' });
    const pointers = body.details.problems.map((p: { pointer: string }) => p.pointer).sort();
    expect(pointers).toEqual([
      '/variables/application/contactName', '/variables/application/creditLimit', '/variables/application/unifiedSocialCreditCode',
    ]);
    for (const p of body.details.problems) expect(p).toMatchObject({ in: 'body', keyword: expect.any(String), message: expect.any(String) });
    expect(await instancesOfTenant()).toBe(before);
  });

  it('with Accept-Language: zh the problems read in Chinese, word for word what the dealer’s browser shows for the same data', async () => {
    const res = await start(d05, { dealerCode: 'D05', application: bad }, { 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toBe('发起表单填写不正确');
    const byPointer = Object.fromEntries(res.json().details.problems.map((p: { pointer: string; message: string }) => [p.pointer, p.message]));
    expect(byPointer['/variables/application/contactName']).toBe('请填写联系人 Contact');
    expect(byPointer['/variables/application/unifiedSocialCreditCode']).toMatch(/^'统一社会信用代码 Unified social credit code' 应当匹配模式/);
    expect(byPointer['/variables/application/creditLimit']).toContain('creditLimit');

    // the studio's form renderer (rjsf + the project's ajv + ajv-i18n) on the same data, extra field left out (it never sends one)
    const { creditLimit: _, ...fields } = bad;
    const browser = checkFormData(createFormValidator('zh-CN'), onboardingSchema, fields, 'zh-CN').errors.map((e) => e.stack).sort();
    const server = res.json().details.problems.filter((p: { keyword: string }) => p.keyword !== 'additionalProperties').map((p: { message: string }) => p.message).sort();
    expect(server).toEqual(browser);
  });

  it('a start without the form’s variable names every required field; a form whose fields are the variables is checked as a whole', async () => {
    const missing = await start(hefang, { dealerCode: 'D12' });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json().details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(
      ['companyName', 'contactName', 'contactPhone', 'homeRegion', 'unifiedSocialCreditCode'].map((f) => `/variables/application/${f}`));

    const formKey = `expense-${randomUUID().slice(0, 8)}`;
    const conn = t.orm.em.fork().getConnection();
    const [tenant] = await conn.execute<{ id: string }[]>('select id from tenant where code = ?', [code]);
    const form = { key: formKey, name: { zh: '报销', en: 'Expense' }, schema: { type: 'object', required: ['amount'], additionalProperties: false, properties: { amount: { type: 'string', format: 'money', 'x-label': { zh: '金额', en: 'Amount' } }, reason: { type: 'string', maxLength: 20 } } } };
    await conn.execute(`insert into config_document_version (id, tenant_id, kind, key, version, status, document, published_at, created_at) values (?, ?, 'form', ?, 1, 'PUBLISHED', ?, now(), now())`,
      [randomUUID(), tenant.id, formKey, JSON.stringify(form)]);
    const flowKey = `expense-flow-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, code, {
      key: flowKey, name: { zh: '报销', en: 'Expense' },
      variables: [{ name: 'amount', type: 'string' }, { name: 'reason', type: 'string' }],
      nodes: [
        { id: 'start', type: 'start', params: { form: { key: formKey } } },
        { id: 'ok', type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }], onEmpty: 'TO_TENANT_ADMIN' } },
        { id: 'end', type: 'end', params: { outcome: 'APPROVED' } },
        { id: 'no', type: 'end', params: { outcome: 'REJECTED' } },
      ],
      edges: [{ id: 'e1', from: 'start', to: 'ok' }, { id: 'e2', from: 'ok', to: 'end', port: 'approved' }, { id: 'e3', from: 'ok', to: 'no', port: 'rejected' }],
    });
    const wrong = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: { amount: '12.345', sneaky: true } }, { 'accept-language': 'zh' });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().details.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/variables/amount', message: '请输入金额，最多两位小数（元）' }),
      expect.objectContaining({ pointer: '/variables/sneaky', keyword: 'additionalProperties' }),
    ]));
    const right = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: { amount: '12.34', reason: '差旅' } });
    expect(right.statusCode, right.body).toBe(201);
  });

  it('the seeded onboarding form still starts with the portal’s data: 201, filed under the dealer', async () => {
    const res = await start(d05, { dealerCode: 'D05', application });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'RUNNING', variables: { dealerCode: 'D05', application } });
  });

  it('a resubmit after 退回 is checked against the start form: an invalid change is 400 and the task stays; a valid one resubmits', async () => {
    const started = await start(hefang, { dealerCode: 'D12', application });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id;
    const review = await todoOn(liuyang, id);
    const back = await liuyang.post(`/api/tasks/${review!.id}/return`, { targetNodeId: 'start', comment: '信用代码请核对' });
    expect(back.statusCode, back.body).toBe(200);
    const resubmit = await todoOn(hefang, id);
    expect(resubmit!.nodeId).toBe('start');

    const invalid = await hefang.post(`/api/tasks/${resubmit!.id}/approve`, { formPatch: { application: { ...application, unifiedSocialCreditCode: 'NOT-A-CODE', extra: 1 } } }, { 'accept-language': 'zh' });
    expect(invalid.statusCode, invalid.body).toBe(400);
    expect(invalid.json().code).toBe('FLW_ERR_START_FORM_INVALID');
    expect(invalid.json().details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/formPatch/application/extra', '/formPatch/application/unifiedSocialCreditCode']);
    expect((await todoOn(hefang, id))!.id).toBe(resubmit!.id);
    expect((await hefang.get(`/api/instances/${id}`)).json().variables.application).toEqual(application);

    const fixed = { ...application, unifiedSocialCreditCode: '91440300MA5F12341X' };
    const ok = await hefang.post(`/api/tasks/${resubmit!.id}/approve`, { formPatch: { application: fixed } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().variables.application).toEqual(fixed);
    expect((await todoOn(sunli, id))).toBeDefined();
  });
});
