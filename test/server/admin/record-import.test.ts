import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJson } from '../../../server/bundle/json-format.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { HttpClient, listen, readWorkbook, sheetRows, workbookOf } from './admin-test-support.js';

let t: TestApp;
let base: string;
let tenant: string;
const c: Record<string, HttpClient> = {};

const dealerHeadings = ['经销商编码', '名称', '英文名称', '等级', '状态', '所属大区', '授权区域', '信用额度', '预付款余额', '账期（天）', '账期（天）Payment terms (days)'];

async function dealers(who = c.hefang) {
  const res = await who.get('/api/admin/dealers?limit=200');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { code: string; name: string; tier: string; creditLimit: string; version: number; customFields: Record<string, unknown> }[];
}

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t);
  tenant = (await createAcmeCopy(t.orm)).code;
  for (const login of ['hefang', 'chenjing', 'machao', 'd05.buyer']) c[login] = await HttpClient.login(base, tenant, login);
  c.beta = await HttpClient.login(base, 'beta-tools', 'admin');
});
afterAll(async () => t?.close());

describe('dealer export and import', () => {
  it('exports the filtered dealers with Chinese headings, money as 2-decimal numbers and custom fields as columns', async () => {
    const res = await c.hefang.get('/api/admin/dealers/export.xlsx?region=R-SOUTH&sort=-creditLimit');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('经销商'));
    const ws = (await readWorkbook(res.bytes)).worksheets[0];
    expect(ws.name).toBe('经销商');
    const rows = sheetRows(ws);
    expect(rows[0]).toEqual(expect.arrayContaining([...dealerHeadings, '信用额度 Credit limit', '认证 FAE 人数 Certified FAEs', '统一社会信用代码 Unified social credit code']));
    expect(rows.slice(1).map((r) => r[0])).toEqual(['D05', 'D06', 'D08', 'D07']);
    const d05 = ws.getRow(2);
    const col = (h: string) => rows[0].indexOf(h) + 1;
    expect(d05.getCell(col('信用额度')).value).toBe(10000000);
    expect(d05.getCell(col('信用额度')).numFmt).toBe('#,##0.00');
    expect(d05.getCell(col('信用额度 Credit limit')).value).toBe(10000000);
    expect(d05.getCell(col('账期（天）Payment terms (days)')).value).toBe(60);
    expect(d05.getCell(col('授权区域')).value).toBe('R-SOUTH');
  });

  it('round-trips: exporting every dealer and importing the file changes nothing (dry run and for real)', async () => {
    const before = await dealers();
    const file = (await c.hefang.get('/api/admin/dealers/export.xlsx')).bytes;
    const dry = await c.hefang.upload('/api/admin/dealers/import?dryRun=true', file);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ record: 'dealer', dryRun: true, applied: false, rows: 12, created: 0, updated: 0, unchanged: 12, rejected: 0, problems: [] });
    const real = await c.hefang.upload('/api/admin/dealers/import', file);
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.body).toMatchObject({ mode: 'all', dryRun: false, applied: false, unchanged: 12, rejected: 0 });
    expect(await dealers()).toEqual(before);
  });

  const mixedFile = () => workbookOf('经销商', [
    [...dealerHeadings],
    ['N01', '新经销商一', 'New One', 'GOLD', 'ACTIVE', 'R-EAST', 'EAST-SH, EAST-JS', '1,234,567.80', 0, 30, 30],
    ['N02', '新经销商二', null, 'DIAMOND', 'ACTIVE', 'MARS', 'R-EAST', 12.345, '-5', 30, 400],
    ['D04', '宁波启明电子（更名）', 'Qiming (Ningbo)', 'standard', 'ACTIVE', 'R-EAST', 'EAST-ZJ', 300000, 0, 30, 30],
    [],
    ['', '无编码', null, 'GOLD', 'ACTIVE', 'R-EAST', null, 0, 0, null, null],
  ]);

  it('with one bad row imports nothing and answers 422 with a report per row, column and code in both languages', async () => {
    const before = await dealers();
    const res = await c.hefang.upload('/api/admin/dealers/import', await mixedFile());
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMP_ERR_ROWS_INVALID');
    expect(res.body.message).toBe('导入文件中有不合法的行，未导入任何数据');
    const report = res.body.details.report;
    expect(res.body.details.problems[0]).toMatchObject({ pointer: expect.stringMatching(/^\/rows\/\d+\//), code: expect.stringMatching(/^IMP_ROW_/) });
    expect(report).toMatchObject({ applied: false, rows: 4, rejected: 2, created: 1, updated: 1 });
    const found = report.problems.map((p: { row: number; column: string; code: string }) => `${p.row}|${p.column}|${p.code}`).sort();
    expect(found).toEqual([
      '3|信用额度|IMP_ROW_MONEY_PRECISION',
      '3|所属大区|IMP_ROW_UNKNOWN_REGION',
      '3|等级|IMP_ROW_UNKNOWN_TIER',
      '3|预付款余额|IMP_ROW_NEGATIVE',
      '6|经销商编码|IMP_ROW_REQUIRED',
    ]);
    const tier = report.problems.find((p: { code: string }) => p.code === 'IMP_ROW_UNKNOWN_TIER');
    expect(tier).toMatchObject({ pointer: '/rows/3/tier', value: 'DIAMOND', zh: '等级不在租户的等级字典中', en: "The tier is not in the tenant's tier dictionary", message: '等级不在租户的等级字典中' });
    expect(await dealers()).toEqual(before);
  });

  it('reports a custom field against its column once the row is otherwise valid', async () => {
    const file = await workbookOf('经销商', [[...dealerHeadings], ['N09', '新经销商九', null, 'GOLD', 'ACTIVE', 'R-EAST', '', 0, 0, 30, 400]]);
    const res = await c.hefang.upload('/api/admin/dealers/import?dryRun=true', file);
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([expect.objectContaining({ row: 2, column: '账期（天）Payment terms (days)', field: 'customFields/paymentTermsDays', code: 'IMP_ROW_CUSTOM_FIELD', value: '400' })]);
    expect(res.body.problems[0].en).toMatch(/^A custom field is invalid: must be <= 180/);
    expect(res.body.results).toEqual([{ row: 2, key: 'N09', action: 'rejected' }]);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const res = await c.hefang.upload('/api/admin/dealers/import?dryRun=true&mode=valid-rows', await mixedFile());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, applied: false, created: 1, updated: 1, rejected: 2 });
    expect(res.body.results).toEqual([
      { row: 2, key: 'N01', action: 'create' }, { row: 3, key: 'N02', action: 'rejected' },
      { row: 4, key: 'D04', action: 'update' }, { row: 6, key: '', action: 'rejected' },
    ]);
    expect((await dealers()).map((d) => d.code)).not.toContain('N01');
  });

  it('valid-rows mode imports the good rows in one go and reports the rest', async () => {
    const d04 = (await dealers()).find((d) => d.code === 'D04')!;
    const res = await c.hefang.upload('/api/admin/dealers/import?mode=valid-rows', await mixedFile());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ mode: 'valid-rows', applied: true, created: 1, updated: 1, rejected: 2 });
    expect(res.body.problems).toHaveLength(5);
    const after = await dealers();
    const n01 = after.find((d) => d.code === 'N01')!;
    expect(n01).toMatchObject({ name: '新经销商一', tier: 'GOLD', creditLimit: '1234567.80', authorizedRegions: ['EAST-SH', 'EAST-JS'], customFields: { paymentTermsDays: 30 } });
    const d04After = after.find((d) => d.code === 'D04')!;
    expect(d04After).toMatchObject({ name: '宁波启明电子（更名）', tier: 'STANDARD', version: d04.version + 1, customFields: d04.customFields });
    expect(after.map((d) => d.code)).not.toContain('N02');
  });

  it('refuses a file whose headings are wrong, whatever the mode', async () => {
    const file = await workbookOf('经销商', [['经销商编码', '名称', '颜色'], ['N05', '新经销商五', '红']]);
    const res = await c.hefang.upload('/api/admin/dealers/import?mode=valid-rows', file);
    expect(res.status).toBe(422);
    const found = res.body.details.report.problems.map((p: { row: number; column: string; code: string }) => `${p.row}|${p.column}|${p.code}`).sort();
    expect(found).toEqual(['1|所属大区|IMP_ROW_MISSING_COLUMN', '1|状态|IMP_ROW_MISSING_COLUMN', '1|等级|IMP_ROW_MISSING_COLUMN', '1|颜色|IMP_ROW_UNKNOWN_COLUMN']);
    expect((await dealers()).map((d) => d.code)).not.toContain('N05');
  });

  it('gives a template with the tenant columns, drop-downs and a guide', async () => {
    const res = await c.hefang.get('/api/admin/dealers/import-template.xlsx');
    expect(res.status).toBe(200);
    const wb = await readWorkbook(res.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['经销商', '填写说明']);
    expect(sheetRows(wb.worksheets[0])).toEqual([expect.arrayContaining([...dealerHeadings, '统一社会信用代码 Unified social credit code'])]);
    const tier = wb.worksheets[0].getCell('D2').dataValidation;
    expect(tier).toMatchObject({ type: 'list', formulae: ['"PLATINUM,GOLD,SILVER,STANDARD"'] });
  });
});

describe('product export and import', () => {
  const productHeadings = ['SKU 编码', '产品名称', '英文名称', '产品类别', '单位', '标准包装量', '目录价', '最高折扣率', '参与返利', '状态', '生命周期'];

  it('round-trips the catalogue unchanged, then imports a new SKU and refuses a bad one', async () => {
    const before = (await c.hefang.get('/api/products')).body;
    const file = (await c.hefang.get('/api/admin/products/export.xlsx')).bytes;
    const ws = (await readWorkbook(file)).worksheets[0];
    const rows = sheetRows(ws);
    expect(rows[0]).toEqual(productHeadings);
    const a100 = rows.find((r) => r[0] === 'MCU-A100')!;
    expect(a100.slice(6, 9)).toEqual([36.5, 0.05, '否']);
    const same = await c.hefang.upload('/api/admin/products/import', file);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ rows: 10, unchanged: 10, applied: false });
    expect((await c.hefang.get('/api/products')).body).toEqual(before);

    const mixed = await workbookOf('产品', [
      productHeadings,
      ['RF-LORA1', 'AC1276 LoRa 收发器', 'LoRa transceiver', 'RF', 'PCS', 2500, '15.80', '5%', '是', 'ACTIVE', 'NEW'],
      ['XX-1', '未知类别', null, 'GPU', 'PCS', 0, 'abc', 1.5, '也许', 'GONE', 'MATURE'],
    ]);
    const all = await c.hefang.upload('/api/admin/products/import', mixed);
    expect(all.status).toBe(422);
    expect(all.body.details.report.problems.map((p: { column: string; code: string }) => `${p.column}|${p.code}`).sort()).toEqual([
      '产品类别|IMP_ROW_UNKNOWN_CATEGORY', '参与返利|IMP_ROW_NOT_BOOLEAN', '最高折扣率|IMP_ROW_NOT_RATE', '标准包装量|IMP_ROW_OUT_OF_RANGE', '状态|IMP_ROW_UNKNOWN_STATUS', '目录价|IMP_ROW_NOT_MONEY',
    ]);
    expect(((await c.hefang.get('/api/products')).body as { sku: string }[]).map((p) => p.sku)).not.toContain('RF-LORA1');
    const valid = await c.hefang.upload('/api/admin/products/import?mode=valid-rows', mixed);
    expect(valid.body).toMatchObject({ created: 1, rejected: 1, applied: true });
    const lora = ((await c.hefang.get('/api/products')).body as { sku: string }[]).find((p) => p.sku === 'RF-LORA1');
    expect(lora).toMatchObject({ category: 'RF', listPrice: '15.80', maxDiscountRate: '0.05', rebateEligible: true, lifecycleStage: 'NEW', spq: 2500 });
  });
});

describe("product custom fields from the tenant's declaration", () => {
  it('become columns of the export and are checked on import against the declaration', async () => {
    const files = (await c.machao.get('/api/config/export')).body.files as { path: string; content: string }[];
    const withProductFields = files.map((f) => {
      if (f.path !== 'tenant.json') return f;
      const manifest = JSON.parse(f.content);
      manifest.customFields.product = {
        type: 'object', additionalProperties: false,
        properties: { automotiveGrade: { type: 'string', enum: ['AEC-Q100-G1', 'AEC-Q100-G2'], title: '车规等级' }, moq: { type: 'integer', minimum: 1, title: '起订量' } },
      };
      return { path: f.path, content: formatJson(manifest) };
    });
    const deployed = await c.machao.post('/api/config/deploy', { bundle: { files: withProductFields }, message: 'product custom fields' });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

    const rows = sheetRows((await readWorkbook((await c.hefang.get('/api/admin/products/export.xlsx?category=MCU')).bytes)).worksheets[0]);
    expect(rows[0].slice(-2)).toEqual(['车规等级', '起订量']);
    const file = await workbookOf('产品', [
      ['SKU 编码', '产品名称', '产品类别', '目录价', '车规等级', 'moq'],
      ['MCU-A100', 'AC32A100 automotive MCU (AEC-Q100 Grade 1)', 'MCU', 36.5, 'AEC-Q100-G1', 1000],
      ['MCU-H743', 'AC32H743 high-performance MCU, LQFP144', 'MCU', 48, 'G9', '0'],
    ]);
    const res = await c.hefang.upload('/api/admin/products/import?mode=valid-rows', file);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results).toEqual([{ row: 2, key: 'MCU-A100', action: 'update' }, { row: 3, key: 'MCU-H743', action: 'rejected' }]);
    expect(res.body.problems.map((p: { column: string; field: string }) => `${p.column}|${p.field}`).sort()).toEqual(['moq|customFields/moq', '车规等级|customFields/automotiveGrade']);
    const a100 = ((await c.hefang.get('/api/products')).body as { sku: string; name: string; customFields: unknown }[]).find((p) => p.sku === 'MCU-A100');
    expect(a100?.customFields).toEqual({ automotiveGrade: 'AEC-Q100-G1', moq: 1000 });
  });
});

describe('who may import and what a bad upload gets', () => {
  it('dealer users and approvers may not import (403); dealer users may not export (403)', async () => {
    const file = await workbookOf('经销商', [dealerHeadings]);
    expect((await c['d05.buyer'].upload('/api/admin/dealers/import', file)).status).toBe(403);
    expect((await c.chenjing.upload('/api/admin/dealers/import', file)).status).toBe(403);
    expect((await c['d05.buyer'].get('/api/admin/dealers/export.xlsx')).status).toBe(403);
    expect((await c['d05.buyer'].get('/api/admin/products/import-template.xlsx')).status).toBe(403);
    expect((await c.chenjing.get('/api/admin/dealers/export.xlsx')).status).toBe(200);
  });

  it('another tenant exports only its own dealers', async () => {
    const rows = sheetRows((await readWorkbook((await c.beta.get('/api/admin/dealers/export.xlsx')).bytes)).worksheets[0]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['B01']);
  });

  it('refuses a JSON body (415), a misnamed part (400), a file that is not a workbook (400) and an unknown mode (400 with a pointer)', async () => {
    expect((await c.hefang.post('/api/admin/dealers/import', { rows: [] })).status).toBe(415);
    const misnamed = await c.hefang.upload('/api/admin/dealers/import', await workbookOf('经销商', [dealerHeadings]), 'upload');
    expect(misnamed.status).toBe(400);
    expect(misnamed.body).toMatchObject({ code: 'IMP_ERR_NO_FILE', details: { problems: [{ pointer: '/file' }] } });
    const notXlsx = await c.hefang.upload('/api/admin/dealers/import', Buffer.from('code,name\nN07,x\n'));
    expect(notXlsx.body.code).toBe('IMP_ERR_BAD_WORKBOOK');
    const mode = await c.hefang.upload('/api/admin/dealers/import?mode=some', await workbookOf('经销商', [dealerHeadings]));
    expect(mode.status).toBe(400);
    expect(mode.body.details.problems[0]).toMatchObject({ in: 'querystring', pointer: '/mode' });
  });
});
