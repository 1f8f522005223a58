import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTenantPattern, findUnsafePatterns, TENANT_PATTERN_LIMITS, tenantRegExp } from '../../../schemas/tenant-pattern.js';
import { formatJson } from '../../../server/bundle/json-format.js';
import { Tenant } from '../../../server/entities/index.js';
import { seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { bearer, createTestApp, json, loginAs, type TestApp } from '../../support/test-app.js';

/**
 * ReDoS across tenants: a deployer declared a dealer custom field with "pattern": "^(a+)+$"; a
 * 28-character value took 2.25 s and stalled every tenant's requests. Tenant patterns are now refused
 * at deploy / validate / save unless a static check finds them free of catastrophic backtracking,
 * and never run on more than TENANT_PATTERN_LIMITS.maxInputLength characters.
 */
describe('the static check of tenant patterns', () => {
  const refused: [string, string][] = [
    ['^(a+)+$', 'nested-quantifier'],
    ['(a*)*', 'nested-quantifier'],
    ['^(\\w+\\s?)+$', 'nested-quantifier'],
    ['(.*a){20}', 'nested-quantifier'],
    ['^(a{1,100}){1,10}$', 'nested-quantifier'],
    ['(x+x+)+y', 'nested-quantifier'],
    // found by a fuzzer: each copy of the group can end at ten places in "a1a1…", 10^8 paths
    ['((\\d\\s?\\w{2}(\\w{0,20}\\da){2}){2}[ab]){2}a+[^a]?$', 'nested-quantifier'],
    ['(a|a)*', 'overlapping-alternatives'],
    ['^(a|ab)+$', 'overlapping-alternatives'],
    ['^(\\d|[0-9a-f])+$', 'overlapping-alternatives'],
    ['\\d+\\d+', 'adjacent-quantifiers'],
    ['.*.*=.*', 'adjacent-quantifiers'],
    ['^\\w+.{1,3}[ab]{0,20}$', 'adjacent-quantifiers'],
    [`^${'a?'.repeat(30)}${'a'.repeat(30)}$`, 'adjacent-quantifiers'],
    ['(a)\\1', 'backreference'],
    ['(?<x>a)\\k<x>', 'backreference'],
    ['(?=a)a', 'lookaround'],
    ['(?<!a)b', 'lookaround'],
    ['a{1,5000}', 'count-too-large'],
    ['a'.repeat(TENANT_PATTERN_LIMITS.maxLength + 1), 'too-long'],
    ['(', 'syntax'],
    [`${'('.repeat(TENANT_PATTERN_LIMITS.maxGroupDepth + 1)}a${')'.repeat(TENANT_PATTERN_LIMITS.maxGroupDepth + 1)}`, 'too-deep'],
  ];
  for (const [pattern, reason] of refused) {
    it(`refuses ${JSON.stringify(pattern.length > 40 ? pattern.slice(0, 40) + '…' : pattern)} (${reason})`, () => {
      expect(checkTenantPattern(pattern)).toMatchObject({ ok: false, reason });
    });
  }

  it('accepts the patterns tenants write: codes, phones, tax ids, emails, domains, IPs, Chinese names', () => {
    const accepted = [
      '^[A-Z]{2}-\\d{4}$', '^\\+?\\d{1,3}[- ]?\\d{3,14}$', '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$',
      '^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$', '^[a-z0-9]+(\\.[a-z0-9]+)*$', '^(\\d{1,3}\\.){3}\\d{1,3}$', '^[\\u4e00-\\u9fa5]{2,20}$',
      '^\\p{L}+$', '^[^<>]*$', '^\\s*\\S', '^\\d{1,3}(,\\d{3})*(\\.\\d{1,2})?$', '^(?<year>\\d{4})-(?:0[1-9]|1[0-2])$', '^(ab)+$',
    ];
    for (const p of accepted) expect(checkTenantPattern(p), p).toEqual({ ok: true });
  });

  it('runs accepted patterns on RE2 with the JavaScript meaning tenants write (\\u escapes, \\p classes, case flag)', () => {
    const han = tenantRegExp('^[\\u4e00-\\u9fa5]{2,20}$', 'u');
    expect(String(han)).toContain('re2');
    expect(han.test('张三')).toBe(true);
    expect(han.test('Zhang San')).toBe(false);
    expect(tenantRegExp('^\\p{L}+$', 'u').test('经销商')).toBe(true);
    expect(tenantRegExp('^[a-z]+$', 'iu').test('ABC')).toBe(true);
    expect(tenantRegExp('^\\d{6}$', 'u').test('518000')).toBe(true);
    // A pattern RE2 cannot run is refused by the check, with its reason, not at a dealer's request.
    expect(checkTenantPattern('^[a-z]+\\Z')).toMatchObject({ ok: false, reason: 'syntax' });
  });

  it('finds every pattern of a schema with its pointer, and leaves data keywords alone', () => {
    const schema = {
      type: 'object',
      properties: {
        pattern: { type: 'string', pattern: '^(a+)+$' },
        list: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } },
        deep: { allOf: [{ properties: { x: { pattern: '(a|a)*' } } }] },
        note: { type: 'string', default: '(a+)+', examples: [{ pattern: '(a+)+' }], const: { pattern: '(a+)+' } },
      },
      patternProperties: { '^x-(\\d+)+$': { type: 'string' }, '^ok$': {} },
    };
    expect(findUnsafePatterns(schema, '/schema').map((p) => [p.pointer, p.reason])).toEqual([
      ['/schema/patternProperties/^x-(\\d+)+$', 'nested-quantifier'],
      ['/schema/properties/deep/allOf/0/properties/x/pattern', 'overlapping-alternatives'],
      ['/schema/properties/pattern/pattern', 'nested-quantifier'],
    ]);
  });
});

let t: TestApp;
let code: string;
let admin: string;
let deployer: string;
let dealerId: string;
const safeDeclaration = { type: 'object', additionalProperties: false, properties: { taxId: { type: 'string', title: '税号', pattern: '^[0-9A-Z]+$' } } };

const manifest = (tenantCode: string, dealerFields: object) => ({
  $schema: 'TenantManifest', code: tenantCode, name: '正则租户', locale: 'zh-CN', currency: 'CNY',
  regions: [{ code: 'CN', name: '全国', parent: null }, { code: 'CN-SH', name: '上海', parent: 'CN' }],
  roles: [],
  customFields: { dealer: dealerFields },
});

beforeAll(async () => {
  t = await createTestApp();
  code = `pat-${randomBytes(4).toString('hex')}`;
  await seedTenant(t.orm.em.fork(), [{ path: 'tenant.json', content: formatJson(manifest(code, safeDeclaration)) }], {
    dealers: [{ code: 'P01', name: '正则电子', homeRegion: 'CN-SH', authorizedRegions: ['CN-SH'], status: 'ACTIVE', tier: 'STANDARD' }],
    users: [
      { login: 'admin', displayName: '管理员', systemRoles: ['TENANT_ADMIN'], roles: [] },
      { login: 'deployer', displayName: 'IT', systemRoles: ['DEPLOYER'], roles: [] },
    ],
  }, TEST_PASSWORD);
  admin = await loginAs(t.app, code, 'admin');
  deployer = await loginAs(t.app, code, 'deployer');
  dealerId = json(await t.app.inject({ url: '/api/dealers', headers: bearer(admin) }))[0].id;
});
afterAll(async () => t.close());

const patchDealer = async (customFields: Record<string, unknown>) => {
  const { version } = json(await t.app.inject({ url: `/api/dealers/${dealerId}`, headers: bearer(admin) }));
  return t.app.inject({ method: 'PATCH', url: `/api/dealers/${dealerId}`, headers: bearer(admin), payload: { version, customFields } });
};

const setStoredDeclaration = async (declaration: object) => {
  const em = t.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { code });
  tenant.settings = { ...tenant.settings, customFields: { dealer: declaration } } as typeof tenant.settings;
  await em.flush();
};

describe('tenant patterns over HTTP', () => {
  const unsafe = { ...safeDeclaration, properties: { taxId: { type: 'string', pattern: '^(a+)+$' } } };
  const bundleWith = (dealerFields: object) => [{ path: 'tenant.json', content: formatJson(manifest(code, dealerFields)) }];

  it('a dealer custom field declared with "^(a+)+$" is refused at validate and deploy with CFG_ERR_UNSAFE_PATTERN and the pointer of the pattern', async () => {
    const pointer = '/customFields/dealer/properties/taxId/pattern';
    const validated = await t.app.inject({ method: 'POST', url: '/api/config/validate', headers: bearer(deployer), payload: { bundle: { files: bundleWith(unsafe) } } });
    expect(validated.statusCode).toBe(200);
    expect(validated.json().ok).toBe(false);
    expect(validated.json().problems).toEqual([expect.objectContaining({ file: 'tenant.json', pointer, code: 'CFG_ERR_UNSAFE_PATTERN' })]);

    const deployed = await t.app.inject({ method: 'POST', url: '/api/config/deploy', headers: bearer(deployer), payload: { bundle: { files: bundleWith(unsafe) } } });
    expect(deployed.statusCode).toBeGreaterThanOrEqual(400);
    expect(deployed.statusCode).toBeLessThan(500);
    expect(JSON.stringify(deployed.json())).toContain('CFG_ERR_UNSAFE_PATTERN');
    expect(JSON.stringify(deployed.json())).toContain(pointer);
    // the declaration in force is still the safe one
    expect((await patchDealer({ taxId: '91310000ABC' })).statusCode).toBe(200);
  });

  it('a form whose patternProperties key nests quantifiers is refused when validated through the authoring API', async () => {
    const document = {
      key: 'regex-form', name: { zh: '正则表单', en: 'Regex form' },
      schema: { type: 'object', properties: {}, patternProperties: { '^(\\w+\\s?)+$': { type: 'string' } } },
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/forms/validate-document', headers: bearer(admin), payload: { document } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, problems: [{ pointer: '/schema/patternProperties/^(\\w+\\s?)+$', code: 'CFG_ERR_UNSAFE_PATTERN' }] });
  });

  it('a declaration stored before the check ("^(a+)+$", the 28-character value that took 2.25 s) is refused with 422, never run', async () => {
    await setStoredDeclaration(unsafe);
    try {
      const res = await patchDealer({ taxId: `${'a'.repeat(27)}!` });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'CFG_ERR_UNSAFE_PATTERN', details: { problems: [{ pointer: '/customFields/dealer/properties/taxId/pattern' }] } });
    } finally {
      await setStoredDeclaration(safeDeclaration);
    }
  });

  it(`a safe tenant pattern still checks values, and never runs on more than ${TENANT_PATTERN_LIMITS.maxInputLength} characters`, async () => {
    expect((await patchDealer({ taxId: 'ABC123' })).statusCode).toBe(200);
    const lower = await patchDealer({ taxId: 'abc' });
    expect(lower.statusCode).toBe(400);
    expect(lower.json()).toMatchObject({ code: 'CFG_ERR_CUSTOM_FIELDS_INVALID', details: { problems: [{ pointer: '/customFields/taxId', keyword: 'pattern' }] } });
    expect((await patchDealer({ taxId: 'A'.repeat(TENANT_PATTERN_LIMITS.maxInputLength) })).statusCode).toBe(200);
    const long = await patchDealer({ taxId: 'A'.repeat(TENANT_PATTERN_LIMITS.maxInputLength + 1) });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'CFG_ERR_CUSTOM_FIELDS_INVALID', details: { problems: [{ pointer: '/customFields/taxId', keyword: 'pattern' }] } });
  });
});
