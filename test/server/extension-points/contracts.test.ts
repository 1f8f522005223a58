import { describe, expect, it } from 'vitest';
import { validateBundle, type BundleFile } from '../../../server/bundle/bundle-validate.js';
import { formatJson } from '../../../server/bundle/json-format.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import { extensionPoints } from '../../../schemas/extension-points/registry.js';

/**
 * Each extension point's contract, checked offline by validate/deploy: both demo bundles keep every
 * contract, and a copy of a demo bundle broken in one place is refused with the file, the pointer
 * and a code that names the breach (a fact the point does not provide, a missing or mistyped
 * output, a tier outside the dictionary, a role the manifest lacks, a binding to nothing).
 */
type Doc = Record<string, any>;

function bundleOf(code: string): Map<string, Doc> {
  const files = readSeedTenant(code).bundle;
  return new Map(files.filter((f) => f.path.endsWith('.json')).map((f) => [f.path, JSON.parse(typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)) as Doc]));
}
const toFiles = (docs: Map<string, Doc>): BundleFile[] => [...docs].map(([path, doc]) => ({ path, content: formatJson(doc) }));
const problemsOf = (docs: Map<string, Doc>) => {
  const result = validateBundle(toFiles(docs));
  return result.ok ? [] : result.problems;
};
/** The file of the document a tenant binds to `point`. */
function boundFile(docs: Map<string, Doc>, point: string): string {
  const key = docs.get('tenant.json')!.extensionPoints[point] as string;
  const kind = extensionPoints.find((p) => p.key === point)!.kind;
  return `${kind === 'ruleSet' ? 'rule-sets' : 'workflows'}/${key}.json`;
}
function broken(code: string, point: string, change: (doc: Doc) => void): { file: string; problems: ReturnType<typeof problemsOf> } {
  const docs = bundleOf(code);
  const file = boundFile(docs, point);
  change(docs.get(file)!);
  return { file, problems: problemsOf(docs) };
}

describe('extension-point contracts at validate and deploy', () => {
  it.each(['acme-chips', 'qingquan-beverage'])('the %s bundle binds every point and keeps every contract', (code) => {
    const docs = bundleOf(code);
    expect(Object.keys(docs.get('tenant.json')!.extensionPoints).sort()).toEqual(extensionPoints.map((p) => p.key).sort());
    expect(problemsOf(docs)).toEqual([]);
  });

  it.each(['acme-chips', 'qingquan-beverage'])('%s: a rule-set point whose rule set reads a fact the point does not provide is refused at its input', (code) => {
    for (const point of extensionPoints.filter((p) => p.kind === 'ruleSet')) {
      const { file, problems } = broken(code, point.key, (doc) => { doc.inputs.push({ name: 'warehouseMood', type: 'string' }); });
      const at = problems.find((p) => p.file === file && p.code === 'CFG_ERR_POINT_FACT_NOT_PROVIDED');
      expect(at, point.key).toBeDefined();
      expect(at!.pointer).toMatch(/^\/inputs\/\d+$/);
      expect(at!.message).toContain(point.key);
    }
  });

  it.each(['acme-chips', 'qingquan-beverage'])('%s: each required output of each rule-set point, removed, is refused as missing', (code) => {
    for (const point of extensionPoints.filter((p) => p.requires)) {
      for (const name of point.requires!.required as string[]) {
        const { file, problems } = broken(code, point.key, (doc) => { doc.outputs = doc.outputs.filter((o: Doc) => o.name !== name); });
        expect(problems.some((p) => p.file === file && p.code === 'CFG_ERR_POINT_OUTPUT_MISSING' && p.message.includes(name)), `${point.key}.${name}`).toBe(true);
      }
    }
  });

  it('an output of the wrong type, a nested field missing and a nullable total are each refused with their pointers', () => {
    const money = broken('qingquan-beverage', 'orderPricing', (doc) => { doc.outputs.find((o: Doc) => o.name === 'orderAmount').type = 'string'; });
    const i = bundleOf('qingquan-beverage').get(money.file)!.outputs.findIndex((o: Doc) => o.name === 'orderAmount');
    expect(money.problems).toContainEqual(expect.objectContaining({ file: money.file, pointer: `/outputs/${i}/type`, code: 'CFG_ERR_POINT_OUTPUT_TYPE' }));

    const nested = broken('acme-chips', 'orderPricing', (doc) => {
      const lines = doc.outputs.find((o: Doc) => o.name === 'lines');
      lines.items.fields = lines.items.fields.filter((f: Doc) => f.name !== 'lineAmount');
    });
    expect(nested.problems).toContainEqual(expect.objectContaining({ file: nested.file, code: 'CFG_ERR_POINT_OUTPUT_MISSING', message: expect.stringContaining("'lineAmount'") }));

    const nullable = broken('acme-chips', 'rebateStatement', (doc) => { doc.outputs.find((o: Doc) => o.name === 'total').nullable = true; });
    expect(nullable.problems).toContainEqual(expect.objectContaining({ file: nullable.file, code: 'CFG_ERR_POINT_OUTPUT_TYPE', message: expect.stringContaining('null') }));
  });

  it('a tier the dictionary lacks, or a dictionary tier the rule set cannot read, is refused', () => {
    const outside = broken('acme-chips', 'orderPricing', (doc) => { doc.inputs.find((x: Doc) => x.name === 'tier').values.push('DIAMOND'); });
    expect(outside.problems).toContainEqual(expect.objectContaining({ file: outside.file, code: 'CFG_ERR_UNKNOWN_CODE', message: expect.stringContaining('DIAMOND') }));
    const docs = bundleOf('qingquan-beverage');
    docs.get('tenant.json')!.dictionaries.dealerTier.items.push({ code: 'S', label: { zh: 'S 类', en: 'Class S' } });
    expect(problemsOf(docs)).toContainEqual(expect.objectContaining({ code: 'CFG_ERR_POINT_FACT_TYPE', message: expect.stringContaining('S') }));
  });

  it('a workflow point whose flow declares a variable the point does not provide is refused', () => {
    for (const code of ['acme-chips', 'qingquan-beverage']) {
      for (const point of extensionPoints.filter((p) => p.kind === 'workflow')) {
        const { file, problems } = broken(code, point.key, (doc) => { doc.variables.push({ name: 'gossip', type: 'string' }); });
        expect(problems.some((p) => p.file === file && p.code === 'CFG_ERR_POINT_FACT_NOT_PROVIDED' && /^\/variables\/\d+$/.test(p.pointer)), `${code} ${point.key}`).toBe(true);
      }
    }
  });

  it('roles a workflow or a rule output names that the manifest lacks are refused where they are named', () => {
    const docs = bundleOf('qingquan-beverage');
    const flowFile = boundFile(docs, 'orderApproval');
    const text = JSON.stringify(docs.get(flowFile));
    const role = (docs.get('tenant.json')!.roles as Doc[]).map((r) => r.code).find((c) => text.includes(`"${c}"`))!;
    docs.set(flowFile, JSON.parse(text.replaceAll(`"${role}"`, '"CFOO"')));
    const routing = [...docs].find(([path, d]) => path.startsWith('rule-sets/') && JSON.stringify(d).includes('"role"'))!;
    const routingText = JSON.stringify(routing[1]);
    const routed = (docs.get('tenant.json')!.roles as Doc[]).map((r) => r.code).find((c) => routingText.includes(`"role":"${c}"`))!;
    docs.set(routing[0], JSON.parse(routingText.replaceAll(`"role":"${routed}"`, '"role":"VPP"')));
    const problems = problemsOf(docs).filter((p) => p.code === 'CFG_ERR_UNKNOWN_ROLE');
    expect(problems.some((p) => p.file === flowFile && p.message.includes('CFOO'))).toBe(true);
    expect(problems.some((p) => p.file === routing[0] && p.message.includes('VPP') && p.pointer.endsWith('/role'))).toBe(true);
  });

  it('a binding to an unknown point or to a document the bundle lacks is refused in tenant.json', () => {
    const docs = bundleOf('acme-chips');
    docs.get('tenant.json')!.extensionPoints.orderPricing = 'no-such-pricing';
    let problems = problemsOf(docs);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'tenant.json', pointer: '/extensionPoints/orderPricing', code: 'CFG_ERR_DANGLING_REFERENCE' }));
    const again = bundleOf('acme-chips');
    again.get('tenant.json')!.extensionPoints.priceMagic = 'order-pricing';
    problems = problemsOf(again);
    expect(problems.some((p) => p.file === 'tenant.json' && p.pointer.startsWith('/extensionPoints'))).toBe(true);
  });

  it('a rule set may read a fact the point does not provide when it has a default (the flow may pass it)', () => {
    const { problems } = broken('acme-chips', 'rebateStatement', (doc) => { doc.inputs.push({ name: 'marketingBonus', type: 'money', default: '0.00' }); });
    expect(problems).toEqual([]);
  });

  it('a rule set reading a custom field the manifest does not declare is refused; a declared one passes', () => {
    const docs = bundleOf('qingquan-beverage');
    const file = boundFile(docs, 'orderPricing');
    docs.get(file)!.inputs.push({ name: 'orderFields', type: 'object', fields: [{ name: 'loyaltyCard', type: 'string' }] });
    expect(problemsOf(docs)).toContainEqual(expect.objectContaining({ file, code: 'CFG_ERR_POINT_FACT_NOT_PROVIDED', message: expect.stringContaining('loyaltyCard') }));
    const declared = Object.keys(docs.get('tenant.json')!.customFields.order.properties)[0];
    docs.get(file)!.inputs.pop();
    docs.get(file)!.inputs.push({ name: 'orderFields', type: 'object', default: {}, fields: [{ name: declared, type: 'string', nullable: true }] });
    expect(problemsOf(docs).filter((p) => p.file === file)).toEqual([]);
  });
});
