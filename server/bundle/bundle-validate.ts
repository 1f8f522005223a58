import type Ajv from 'ajv';
import { allSchemas, createAjv, toProblems, type Locale } from '../../schemas/index.js';
import { createTenantAjv } from '../../schemas/ajv.js';
import { findUnsafePatterns } from '../../schemas/tenant-pattern.js';
import { runTestCases, validateRuleSet, type RegionNode, type RuleSetDocument } from '../../rules/index.js';
import { checkFlowDefinition } from '../../rules/flow/index.js';
import { checkBindings, checkRoleCodes, checkRuleSetAgainstPoint, checkWorkflowAgainstPoint, pointsBoundTo } from '../../schemas/extension-points/contract-check.js';
import { bundleFolders, bundleKinds, isIgnoredPath, kindOfPath, type BundleKind } from './bundle-kinds.js';
import { parseJsonDocument } from './json-document.js';

export interface BundleFile {
  path: string;
  content: string | Uint8Array;
}

export interface BundleProblem {
  file: string;
  pointer: string;
  code: string;
  message: string;
}

export interface BundleDocument {
  path: string;
  kind: BundleKind;
  key: string;
  document: Record<string, unknown>;
}

export interface TenantManifestDocument {
  $schema?: string;
  code: string;
  name: string;
  nameEn?: string;
  locale: 'zh-CN' | 'en';
  currency: string;
  regions: { code: string; name: string; nameEn?: string; parent: string | null }[];
  roles: { code: string; name: string; nameEn?: string; scope: 'TENANT' | 'REGION' | 'DEALER' }[];
  dictionaries?: Record<string, unknown>;
  customFields?: Record<string, Record<string, unknown>>;
  targets?: { orderCycleHours?: number };
  /** Extension point key → the rule-set or workflow key the platform calls there. */
  extensionPoints?: Record<string, string>;
}

export type BundleValidation =
  | { ok: true; problems: []; documents: BundleDocument[]; manifest: TenantManifestDocument }
  | { ok: false; problems: BundleProblem[]; documents: BundleDocument[] };

let sharedAjv: Ajv | undefined;
const ajv = () => (sharedAjv ??= createAjv(allSchemas));

/**
 * Validates a whole bundle offline: every file read strictly, every document against its schema,
 * every rule set deeply (formulas, tables) with its test cases run, the manifest's own invariants,
 * and the references between documents. Every problem names its file and a JSON pointer.
 */
export function validateBundle(files: readonly BundleFile[], options: { locale?: Locale; tenant?: string } = {}): BundleValidation {
  const locale = options.locale ?? 'en';
  const problems: BundleProblem[] = [];
  const documents: BundleDocument[] = [];
  const seenKeys = new Map<string, string>();

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (isIgnoredPath(file.path)) continue;
    const kindMatch = kindOfPath(file.path);
    if (!kindMatch) {
      problems.push({ file: file.path, pointer: '', code: 'CFG_ERR_UNKNOWN_FILE', message: `expected tenant.json or <folder>/<key>.json with folder one of ${bundleFolders.join(', ')}` });
      continue;
    }
    const parsed = parseJsonDocument(file.content);
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((p) => ({ file: file.path, ...p })));
      continue;
    }
    const doc = parsed.value;
    const { schemaId } = bundleKinds[kindMatch.kind];
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      problems.push({ file: file.path, pointer: '', code: 'CFG_ERR_SCHEMA', message: 'must be a JSON object' });
      continue;
    }
    const record = doc as Record<string, unknown>;
    if (typeof record.$schema !== 'string' || !new RegExp(`(^|/)${schemaId}(\\.json)?$`).test(record.$schema)) {
      problems.push({ file: file.path, pointer: '/$schema', code: 'CFG_ERR_WRONG_SCHEMA', message: `must name the ${schemaId} schema, e.g. "https://<server>/schemas/${schemaId}.json"` });
    }
    const validate = ajv().getSchema(schemaId)!;
    if (!validate(doc)) {
      problems.push(...toProblems(validate.errors, locale).map((p) => ({ file: file.path, pointer: p.pointer, code: 'CFG_ERR_SCHEMA', message: p.message })));
      continue;
    }
    const key = kindMatch.kind === 'tenant' ? String(record.code) : String(record.key);
    if (kindMatch.keyFromName !== null && kindMatch.keyFromName !== key) {
      problems.push({ file: file.path, pointer: '/key', code: 'CFG_ERR_KEY_MISMATCH', message: `the file is named '${kindMatch.keyFromName}' but the key is '${key}'` });
      continue;
    }
    const id = `${kindMatch.kind}:${key}`;
    if (seenKeys.has(id)) {
      problems.push({ file: file.path, pointer: '/key', code: 'CFG_ERR_DUPLICATE_DOCUMENT', message: `'${key}' is also defined in ${seenKeys.get(id)}` });
      continue;
    }
    seenKeys.set(id, file.path);
    documents.push({ path: file.path, kind: kindMatch.kind, key, document: record });
  }

  const manifestDoc = documents.find((d) => d.kind === 'tenant');
  if (!manifestDoc) {
    if (!problems.some((p) => p.file === 'tenant.json')) problems.push({ file: 'tenant.json', pointer: '', code: 'CFG_ERR_MISSING_MANIFEST', message: 'a bundle starts with tenant.json' });
    return { ok: false, problems, documents };
  }
  const manifest = manifestDoc.document as unknown as TenantManifestDocument;
  if (options.tenant && manifest.code !== options.tenant) {
    problems.push({ file: 'tenant.json', pointer: '/code', code: 'CFG_ERR_WRONG_TENANT', message: `this bundle is for '${manifest.code}', not '${options.tenant}'` });
  }
  problems.push(...checkManifest(manifest));
  const regions: RegionNode[] = manifest.regions.map((r) => ({ code: r.code, parent: r.parent }));

  const ruleSets = new Set(documents.filter((d) => d.kind === 'ruleSet').map((d) => d.key));
  const forms = new Set(documents.filter((d) => d.kind === 'form').map((d) => d.key));
  for (const doc of documents) {
    if (doc.kind === 'ruleSet') problems.push(...checkRuleSet(doc, regions, locale));
    if (doc.kind === 'form') problems.push(...checkForm(doc));
    if (doc.kind === 'workflow') problems.push(...checkWorkflow(doc, ruleSets, forms, locale), ...checkRuleInputs(doc, documents));
  }
  problems.push(...checkContracts(manifest, documents));
  return problems.length ? { ok: false, problems, documents } : { ok: true, problems: [], documents, manifest };
}

/**
 * The extension points: each binding names a document of the bundle, each bound document keeps its
 * point's contract, and every role a workflow or rule set names is one of the manifest's.
 */
export function checkContracts(manifest: TenantManifestDocument, documents: readonly BundleDocument[]): BundleProblem[] {
  const problems: BundleProblem[] = checkBindings(manifest, documents).map((p) => ({ file: 'tenant.json', ...p }));
  for (const doc of documents) {
    if (doc.kind !== 'ruleSet' && doc.kind !== 'workflow') continue;
    for (const point of pointsBoundTo(manifest, doc.kind, doc.key)) {
      const found = doc.kind === 'ruleSet' ? checkRuleSetAgainstPoint(point, doc.document, manifest) : checkWorkflowAgainstPoint(point, doc.document, manifest);
      problems.push(...found.map((p) => ({ file: doc.path, ...p, message: `${point.key}: ${p.message}` })));
    }
    problems.push(...checkRoleCodes(doc.document, manifest).map((p) => ({ file: doc.path, ...p })));
  }
  return problems;
}

function checkManifest(manifest: TenantManifestDocument): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const at = (pointer: string, code: string, message: string) => problems.push({ file: 'tenant.json', pointer, code, message });
  const seen = new Set<string>();
  manifest.regions.forEach((r, i) => {
    if (seen.has(r.code)) at(`/regions/${i}/code`, 'CFG_ERR_DUPLICATE_DOCUMENT', `region ${r.code} is listed twice`);
    if (r.parent !== null && !seen.has(r.parent)) at(`/regions/${i}/parent`, 'CFG_ERR_DANGLING_REFERENCE', `parent ${r.parent} is not listed before ${r.code}`);
    seen.add(r.code);
  });
  const roles = new Set<string>();
  manifest.roles.forEach((r, i) => {
    if (roles.has(r.code)) at(`/roles/${i}/code`, 'CFG_ERR_DUPLICATE_DOCUMENT', `role ${r.code} is listed twice`);
    roles.add(r.code);
  });
  for (const [record, schema] of Object.entries(manifest.customFields ?? {})) {
    const unsafe = unsafePatternProblems('tenant.json', schema, `/customFields/${record}`);
    if (unsafe.length) {
      problems.push(...unsafe);
      continue;
    }
    try {
      createTenantAjv().compile(schema);
    } catch (err) {
      at(`/customFields/${record}`, 'CFG_ERR_BAD_CUSTOM_FIELDS', (err as Error).message);
    }
  }
  return problems;
}

function checkRuleSet(doc: BundleDocument, regions: RegionNode[], locale: Locale): BundleProblem[] {
  const result = validateRuleSet(doc.document, { regions, locale });
  if (!result.ok) return result.problems.map((p) => ({ file: doc.path, pointer: p.pointer, code: p.code, message: p.message }));
  const report = runTestCases(result.ruleSet as RuleSetDocument, { regions, locale });
  const cases = (doc.document.testCases ?? []) as { name: string }[];
  return report.results.filter((r) => !r.ok).map((r) => ({
    file: doc.path,
    pointer: `/testCases/${cases.findIndex((c) => c.name === r.name)}`,
    code: 'CFG_ERR_TEST_CASE_FAILED',
    message: `test case "${r.name}" fails: ${r.error ? `${r.error.code} ${r.error.message}` : (r.diff ?? []).join('; ')}`,
  }));
}

/**
 * Tenant regular expressions run in the shared server: each `pattern` and `patternProperties` key of a
 * tenant's JSON Schema must pass the static check of tenant-pattern.ts (no nested or adjacent
 * overlapping quantifiers, no overlapping alternatives under a repetition, no backreferences or
 * lookarounds, at most 256 characters), one problem per pattern with its pointer.
 */
export function unsafePatternProblems(file: string, schema: unknown, base: string): BundleProblem[] {
  return findUnsafePatterns(schema, base).map((p) => ({
    file, pointer: p.pointer, code: 'CFG_ERR_UNSAFE_PATTERN', message: `"${p.pattern}": ${p.message}`,
  }));
}

export function checkForm(doc: BundleDocument): BundleProblem[] {
  const unsafe = unsafePatternProblems(doc.path, doc.document.schema, '/schema');
  if (unsafe.length) return unsafe;
  try {
    createTenantAjv().compile(doc.document.schema as object);
    return [];
  } catch (err) {
    return [{ file: doc.path, pointer: '/schema', code: 'CFG_ERR_SCHEMA', message: `not a valid JSON Schema: ${(err as Error).message}` }];
  }
}

/** Graph checks of a workflow; its rule sets and forms must be in the same bundle. */
function checkWorkflow(doc: BundleDocument, ruleSets: Set<string>, forms: Set<string>, locale: Locale): BundleProblem[] {
  const result = checkFlowDefinition(doc.document, { ruleSets, forms }, locale);
  if (result.ok) return [];
  return result.problems.map((p) => ({
    file: doc.path,
    pointer: p.pointer,
    code: p.code === 'FLW_ERR_UNKNOWN_RULE_SET' || p.code === 'FLW_ERR_UNKNOWN_FORM' ? 'CFG_ERR_DANGLING_REFERENCE' : p.code,
    message: p.nodeId ? `node ${p.nodeId}: ${p.message}` : p.message,
  }));
}

interface RuleNode { id: string; type: string; params?: { ruleSet?: { key?: string }; inputs?: Record<string, unknown> } }
interface InputDeclaration { name: string; default?: unknown; nullable?: boolean }

/**
 * Each rule node of a workflow maps only inputs its rule set declares, and maps every input the
 * rule set needs (one without a default and not nullable).
 */
export function checkRuleInputs(doc: BundleDocument, documents: readonly BundleDocument[]): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const nodes = (doc.document.nodes ?? []) as RuleNode[];
  nodes.forEach((node, i) => {
    if (node.type !== 'rule' || !node.params?.ruleSet?.key) return;
    const ruleSet = documents.find((d) => d.kind === 'ruleSet' && d.key === node.params!.ruleSet!.key);
    if (!ruleSet) return; // reported by the graph check
    const declared = (ruleSet.document.inputs ?? []) as InputDeclaration[];
    const mapped = node.params.inputs ?? {};
    for (const name of Object.keys(mapped)) {
      if (!declared.some((d) => d.name === name)) {
        problems.push({ file: doc.path, pointer: `/nodes/${i}/params/inputs/${name}`, code: 'CFG_ERR_DANGLING_REFERENCE', message: `node ${node.id}: rule set ${ruleSet.key} has no input '${name}'` });
      }
    }
    for (const input of declared) {
      if (!(input.name in mapped) && input.default === undefined && !input.nullable) {
        problems.push({ file: doc.path, pointer: `/nodes/${i}/params/inputs`, code: 'CFG_ERR_DANGLING_REFERENCE', message: `node ${node.id}: rule set ${ruleSet.key} needs input '${input.name}', which is not mapped` });
      }
    }
  });
  return problems;
}
