/**
 * Static checks of a tenant's documents against the extension points they are bound to, and of
 * the codes they name against the manifest (roles, dictionary codes). Pure: the CLI's validate,
 * the deploy and the studio's publish run the same checks. Every problem has a pointer into the
 * checked document.
 */
import type { FieldDecl, ItemDecl } from '../../rules/rule-set.types.js';
import { extensionPoints, type ExtensionPoint, type ExtensionPointKey, type JsonSchema } from './registry.js';

export interface ContractProblem { pointer: string; code: string; message: string }

/** What the checks need from the manifest. */
export interface ContractManifest {
  roles: { code: string }[];
  dictionaries?: Record<string, unknown>;
  customFields?: Record<string, Record<string, unknown>>;
  extensionPoints?: Record<string, string>;
}

type Props = Record<string, JsonSchema>;
const props = (s: JsonSchema | undefined): Props => ((s?.properties ?? {}) as Props);
const requiredOf = (s: JsonSchema | undefined): string[] => ((s?.required ?? []) as string[]);
const isNullable = (s: JsonSchema): boolean => Array.isArray(s.type) && (s.type as string[]).includes('null');
const esc = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

/** The codes of a manifest dictionary, or null when the manifest has none. */
export function dictionaryCodes(manifest: ContractManifest, key: string): string[] | null {
  const dict = manifest.dictionaries?.[key] as { items?: { code: string }[] } | undefined;
  return dict?.items ? dict.items.map((i) => i.code) : null;
}

/** The value type a JSON Schema of a custom field stands for (the rule-set value type that reads it). */
function customFieldType(schema: Record<string, unknown>): string {
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : schema.type;
  if (type === 'string') {
    if (schema.format === 'money') return 'money';
    if (schema.format === 'decimal') return 'decimal';
    if (schema.format === 'date') return 'date';
    return Array.isArray(schema.enum) ? 'enum' : 'string';
  }
  if (type === 'integer' || type === 'number' || type === 'boolean') return type;
  if (type === 'array') return 'list';
  if (type === 'object') return 'object';
  return 'string';
}

/** Turns a manifest's custom-field declaration into a provided schema the checks can walk. */
function customFieldsSchema(manifest: ContractManifest, record: string, base: JsonSchema): JsonSchema {
  const declared = manifest.customFields?.[record] as { properties?: Record<string, Record<string, unknown>>; required?: string[] } | undefined;
  const properties: Props = {};
  for (const [name, schema] of Object.entries(declared?.properties ?? {})) {
    const valueType = customFieldType(schema);
    properties[name] = { ...schema, 'x-valueType': valueType, ...(Array.isArray(schema.enum) ? { enum: schema.enum } : {}) };
  }
  return { ...base, properties, required: declared?.required ?? [], 'x-closed': true };
}

/** A decimal-typed reader accepts any exact decimal; a string-typed one any text the platform sends. */
const readable: Record<string, string[]> = {
  decimal: ['decimal', 'money', 'rate', 'integer'],
  money: ['money'],
  rate: ['rate', 'decimal'],
  number: ['number', 'integer'],
  integer: ['integer'],
  string: ['string', 'enum', 'region', 'date'],
  enum: ['enum', 'string'],
  region: ['region'],
  date: ['date'],
  boolean: ['boolean'],
  list: ['list'],
  object: ['object'],
};

function provideSchema(manifest: ContractManifest, s: JsonSchema): JsonSchema {
  return typeof s['x-customFields'] === 'string' ? customFieldsSchema(manifest, s['x-customFields'] as string, s) : s;
}

/**
 * A rule-set input (or a field of one) reading what the point provides: the name is provided, its
 * type reads the provided type, an enum covers every value the platform may send (a dictionary's
 * codes), and a value the platform may leave out or send as null has a default or is nullable.
 */
function checkRead(decl: ItemDecl & { name?: string }, provided: JsonSchema, requiredHere: boolean, pointer: string, manifest: ContractManifest, what: string, out: ContractProblem[]): void {
  const s = provideSchema(manifest, provided);
  const providedType = s['x-valueType'] as string;
  const optional = decl.default !== undefined || decl.nullable === true;
  if (!(readable[decl.type] ?? []).includes(providedType)) {
    out.push({ pointer: `${pointer}/type`, code: 'CFG_ERR_POINT_FACT_TYPE', message: `${what} is declared ${decl.type}, but the point provides ${providedType}` });
    return;
  }
  if (!requiredHere && !optional) {
    out.push({ pointer, code: 'CFG_ERR_POINT_FACT_OPTIONAL', message: `${what} may be absent: give it a default or make it nullable` });
  }
  if (isNullable(s) && !optional) {
    out.push({ pointer, code: 'CFG_ERR_POINT_FACT_OPTIONAL', message: `${what} may be null: give it a default or make it nullable` });
  }
  if (decl.type === 'enum' && decl.values) {
    const dictionary = typeof s['x-dictionary'] === 'string' ? dictionaryCodes(manifest, s['x-dictionary'] as string) : null;
    const sent = dictionary ?? (Array.isArray(s.enum) ? (s.enum as string[]) : null);
    if (sent) {
      const outside = decl.values.filter((v) => !sent.includes(v));
      const missing = sent.filter((v) => !decl.values!.includes(v));
      const source = dictionary ? `the ${s['x-dictionary'] as string} dictionary` : 'the values the platform sends';
      if (outside.length) out.push({ pointer: `${pointer}/values`, code: 'CFG_ERR_UNKNOWN_CODE', message: `${what}: ${outside.join(', ')} not in ${source}` });
      if (missing.length && decl.default === undefined) out.push({ pointer: `${pointer}/values`, code: 'CFG_ERR_POINT_FACT_TYPE', message: `${what} does not accept ${missing.join(', ')} from ${source}` });
    }
  }
  if (decl.type === 'list' && decl.items) {
    const items = s.items as JsonSchema | undefined;
    if (items) checkRead(decl.items, items, true, `${pointer}/items`, manifest, `${what}[]`, out);
  }
  if (decl.type === 'object' && decl.fields) {
    const closed = s['x-closed'] === true || s.additionalProperties !== true || Object.keys(props(s)).length > 0;
    decl.fields.forEach((f, i) => {
      const sub = props(s)[f.name];
      if (!sub) {
        if (closed && f.default === undefined && !f.nullable) {
          out.push({ pointer: `${pointer}/fields/${i}`, code: 'CFG_ERR_POINT_FACT_NOT_PROVIDED', message: `${what}.${f.name} is not provided by the point` });
        }
        return;
      }
      checkRead(f, sub, requiredOf(s).includes(f.name), `${pointer}/fields/${i}`, manifest, `${what}.${f.name}`, out);
    });
  }
}

/** Can a value declared `decl` stand where the point requires `required`? */
const satisfies: Record<string, string[]> = {
  money: ['money'],
  decimal: ['decimal', 'money', 'rate', 'integer'],
  rate: ['rate', 'decimal'],
  integer: ['integer'],
  number: ['number', 'integer'],
  string: ['string', 'enum', 'region', 'date'],
  enum: ['enum'],
  region: ['region'],
  date: ['date'],
  boolean: ['boolean'],
  list: ['list'],
  object: ['object'],
};

function checkSatisfies(decl: ItemDecl, required: JsonSchema, pointer: string, what: string, out: ContractProblem[]): void {
  const want = required['x-valueType'] as string;
  if (!(satisfies[want] ?? []).includes(decl.type)) {
    out.push({ pointer: `${pointer}/type`, code: 'CFG_ERR_POINT_OUTPUT_TYPE', message: `${what} must be ${want}, it is declared ${decl.type}` });
    return;
  }
  if (decl.nullable && !isNullable(required)) {
    out.push({ pointer: `${pointer}/nullable`, code: 'CFG_ERR_POINT_OUTPUT_TYPE', message: `${what} may not be null` });
  }
  if (Array.isArray(required.enum)) {
    const allowed = required.enum as string[];
    const bad = decl.type === 'enum' ? (decl.values ?? []).filter((v) => !allowed.includes(v)) : [];
    if (decl.type !== 'enum' || bad.length) {
      out.push({ pointer: `${pointer}/values`, code: 'CFG_ERR_POINT_OUTPUT_TYPE', message: `${what} must be one of ${allowed.join(', ')}${bad.length ? `; ${bad.join(', ')} is not` : ' (declare it as an enum)'}` });
    }
  }
  if (want === 'list' && decl.items && required.items) checkSatisfies(decl.items, required.items as JsonSchema, `${pointer}/items`, `${what}[]`, out);
  if (want === 'object') checkFields(decl.fields, required, pointer, what, out);
}

function checkFields(fields: readonly FieldDecl[] | undefined, required: JsonSchema, pointer: string, what: string, out: ContractProblem[]): void {
  const wanted = props(required);
  if (!fields) {
    if (requiredOf(required).length) out.push({ pointer, code: 'CFG_ERR_POINT_OUTPUT_MISSING', message: `${what} must declare its fields ${requiredOf(required).join(', ')}` });
    return;
  }
  for (const name of requiredOf(required)) {
    if (!fields.some((f) => f.name === name)) out.push({ pointer: `${pointer}/fields`, code: 'CFG_ERR_POINT_OUTPUT_MISSING', message: `${what} has no field '${name}', which the point requires` });
  }
  fields.forEach((f, i) => {
    const want = wanted[f.name];
    if (want) checkSatisfies(f, want, `${pointer}/fields/${i}`, `${what}.${f.name}`, out);
  });
}

/** A rule set bound to a point: it reads only what the point provides, and its outputs satisfy what the point requires. */
export function checkRuleSetAgainstPoint(point: ExtensionPoint, doc: { inputs?: FieldDecl[]; outputs?: FieldDecl[] }, manifest: ContractManifest): ContractProblem[] {
  const out: ContractProblem[] = [];
  const provided = props(point.provides);
  (doc.inputs ?? []).forEach((input, i) => {
    const s = provided[input.name];
    if (!s) {
      if (input.default === undefined && !input.nullable) {
        out.push({ pointer: `/inputs/${i}`, code: 'CFG_ERR_POINT_FACT_NOT_PROVIDED', message: `input '${input.name}' is not a fact the ${point.key} point provides (it provides ${Object.keys(provided).join(', ')})` });
      }
      return;
    }
    checkRead(input, s, requiredOf(point.provides).includes(input.name), `/inputs/${i}`, manifest, `input '${input.name}'`, out);
  });
  if (point.requires) {
    const outputs = doc.outputs ?? [];
    for (const name of requiredOf(point.requires)) {
      if (!outputs.some((o) => o.name === name)) out.push({ pointer: '/outputs', code: 'CFG_ERR_POINT_OUTPUT_MISSING', message: `the ${point.key} point requires an output '${name}'` });
    }
    outputs.forEach((o, i) => {
      const want = props(point.requires)[o.name];
      if (want) checkSatisfies(o, want, `/outputs/${i}`, `output '${o.name}'`, out);
    });
  }
  return out;
}

/** A workflow bound to a point: each variable it declares without a default is one the point provides. */
export function checkWorkflowAgainstPoint(point: ExtensionPoint, doc: { variables?: (FieldDecl & { default?: unknown })[] }, manifest: ContractManifest): ContractProblem[] {
  const out: ContractProblem[] = [];
  const provided = props(point.provides);
  (doc.variables ?? []).forEach((v, i) => {
    const s = provided[v.name];
    if (!s) {
      if (v.default === undefined && !v.nullable) {
        out.push({ pointer: `/variables/${i}`, code: 'CFG_ERR_POINT_FACT_NOT_PROVIDED', message: `variable '${v.name}' is not one the ${point.key} point provides (it provides ${Object.keys(provided).join(', ')}); give it a default or remove it` });
      }
      return;
    }
    checkRead(v, s, requiredOf(point.provides).includes(v.name), `/variables/${i}`, manifest, `variable '${v.name}'`, out);
  });
  return out;
}

/** Every string held under a `role` or `escalateToRole` key, with its pointer (workflow assignees, starters, rule outputs). */
function namedRoles(value: unknown, pointer: string, found: { pointer: string; role: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => namedRoles(v, `${pointer}/${i}`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = `${pointer}/${esc(k)}`;
      if ((k === 'role' || k === 'escalateToRole') && typeof v === 'string') found.push({ pointer: at, role: v });
      else namedRoles(v, at, found);
    }
  }
}

/** Role codes a workflow or a rule set names that the manifest lacks. */
export function checkRoleCodes(doc: unknown, manifest: ContractManifest): ContractProblem[] {
  const roles = new Set(manifest.roles.map((r) => r.code));
  const found: { pointer: string; role: string }[] = [];
  namedRoles(doc, '', found);
  return found.filter((f) => !roles.has(f.role) && !f.role.startsWith('$'))
    .map((f) => ({ pointer: f.pointer, code: 'CFG_ERR_UNKNOWN_ROLE', message: `role ${f.role} is not in the manifest's roles` }));
}

/** The bindings of a manifest: known points, bound to a document of the right kind. */
export function checkBindings(manifest: ContractManifest, documents: readonly { kind: string; key: string }[]): ContractProblem[] {
  const out: ContractProblem[] = [];
  for (const [pointKey, key] of Object.entries(manifest.extensionPoints ?? {})) {
    const point = extensionPoints.find((p) => p.key === pointKey);
    const pointer = `/extensionPoints/${esc(pointKey)}`;
    if (!point) {
      out.push({ pointer, code: 'CFG_ERR_UNKNOWN_EXTENSION_POINT', message: `no extension point ${pointKey}; the points are ${extensionPoints.map((p) => p.key).join(', ')}` });
      continue;
    }
    if (!documents.some((d) => d.kind === point.kind && d.key === key)) {
      out.push({ pointer, code: 'CFG_ERR_DANGLING_REFERENCE', message: `${pointKey} is bound to ${point.kind === 'ruleSet' ? 'rule set' : 'workflow'} '${key}', which the bundle does not hold` });
    }
  }
  return out;
}

/** The points a document is bound to (a key may serve several). */
export function pointsBoundTo(manifest: ContractManifest, kind: 'ruleSet' | 'workflow', key: string): ExtensionPoint[] {
  return extensionPoints.filter((p) => p.kind === kind && manifest.extensionPoints?.[p.key] === key);
}

export type { ExtensionPointKey };
