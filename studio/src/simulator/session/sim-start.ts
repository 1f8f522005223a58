import type { FieldDecl, ItemDecl, RuleSetDocument } from '../../../../rules/index';
import { withDealerMasterData as mergeDealerMasterData, type FlowDefinition, type FlowValue, type Json } from '../../../../rules/flow/index';
import { AppError } from '../../../../schemas/errors/app-error';
import type { SimDealer, SimUser } from './sim-env';

function emptyOf(decl: ItemDecl): Json {
  if (decl.default !== undefined) return decl.default as Json;
  if (decl.nullable) return null;
  switch (decl.type) {
    case 'decimal': case 'money': case 'rate': return '0.00';
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    case 'enum': return decl.values?.[0] ?? '';
    case 'list': return [];
    case 'object': return Object.fromEntries((decl.fields ?? []).map((f) => [f.name, emptyOf(f)]));
    default: return '';
  }
}

/** The start variables as declared: each one's default, else an empty value of its type. */
export function declaredVariables(decls: readonly FieldDecl[]): Record<string, Json> {
  return Object.fromEntries(decls.map((d) => [d.name, emptyOf(d)]));
}

function isRef(v: FlowValue): v is { $var: string } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $var?: unknown }).$var === 'string';
}

/** Variables some node writes (rule results and outputs, set-variables keys): never start data. */
export function producedVariables(def: FlowDefinition): Set<string> {
  const out = new Set<string>();
  for (const n of def.nodes) {
    if (n.type === 'rule') {
      if (n.params.resultVariable) out.add(n.params.resultVariable);
      for (const target of Object.values(n.params.outputs ?? {})) out.add(target.split('.')[0]);
    }
    if (n.type === 'setVariables') for (const k of Object.keys(n.params.set)) out.add(k.split('.')[0]);
    if (n.type === 'service' && n.params.resultVariable) out.add(n.params.resultVariable);
  }
  return out;
}

function getPath(root: Record<string, Json>, path: string[]): Json | undefined {
  let cur: Json | undefined = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, Json>)[p];
  }
  return cur;
}

function setPath(root: Record<string, Json>, path: string[], value: Json): void {
  let cur = root;
  for (const p of path.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[p] = {};
    cur = cur[p] as Record<string, Json>;
  }
  cur[path[path.length - 1]] = value;
}

const isBlank = (v: Json | undefined) => v === undefined || v === '' || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** A value for a rule set's input: from the first test case that gives it, else an empty value of its declared type. */
function sampleInput(doc: RuleSetDocument, name: string): Json | undefined {
  for (const tc of doc.testCases ?? []) {
    const input = tc.input as Record<string, Json>;
    if (input && name in input) return input[name];
  }
  const decl = doc.inputs.find((i) => i.name === name);
  return decl ? emptyOf(decl) : undefined;
}

/**
 * Sample start data: the declared defaults, then what each rule node reads (`{$var: "order.lines"}`)
 * filled from its rule set's test cases (else its declared input type), walking the rule nodes in
 * order; a path already filled is kept. Variables that a node produces are left to the run.
 */
export function sampleVariables(def: FlowDefinition, ruleSets: ReadonlyMap<string, RuleSetDocument>): Record<string, Json> {
  const vars = declaredVariables(def.variables);
  const produced = producedVariables(def);
  for (const n of def.nodes) {
    if (n.type !== 'rule') continue;
    const doc = ruleSets.get(n.params.ruleSet.key);
    if (!doc) continue;
    for (const [name, value] of Object.entries(n.params.inputs)) {
      if (!isRef(value)) continue;
      const path = value.$var.split('.');
      if (produced.has(path[0]) || !isBlank(getPath(vars, path))) continue;
      const sample = sampleInput(doc, name);
      if (sample !== undefined) setPath(vars, path, sample);
    }
  }
  return vars;
}

function asObject(v: Json | undefined): Record<string, Json> | undefined {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/**
 * What the server does before `start` (server/workflows/instance-start.service.ts): a dealer user
 * starts for its own dealer only; the dealer's master data (status, tier, regions, custom fields
 * such as the credit limit) wins over what the form sent (the same `withDealerMasterData` of rules/flow). Throws the server's error codes.
 */
export function withDealerMasterData(variables: Record<string, Json>, initiator: SimUser | undefined, dealers: readonly SimDealer[]): Record<string, Json> {
  const given = asObject(variables.dealer);
  const code = typeof given?.code === 'string' ? given.code : undefined;
  let dealer: SimDealer | undefined;
  if (initiator?.systemRoles.includes('DEALER_USER')) {
    dealer = dealers.find((d) => d.code === initiator.dealerCode);
    if (!dealer || (code !== undefined && code !== dealer.code)) throw new AppError('FLW_ERR_NOT_ALLOWED_TO_START', { dealer: code ?? null });
  } else if (code !== undefined) {
    dealer = dealers.find((d) => d.code === code);
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: code });
  }
  if (!dealer || !given) return variables;
  return { ...variables, dealer: mergeDealerMasterData(given, dealer) };
}
