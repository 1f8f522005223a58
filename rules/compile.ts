import { compileBandTable } from './band-table.js';
import type { CompiledStep } from './decision-table.js';
import { compileDecisionTable, jsonOf } from './decision-table.js';
import type { EvalState } from './evaluation-state.js';
import { pushTrace, spend } from './evaluation-state.js';
import type { CompiledRuleSet, EvaluateOptions, RuleContext, RuleEvaluation } from './evaluation.types.js';
import { finishOutputs } from './explain/outputs.js';
import { compileFormula } from './formula-compile.js';
import type { CompiledFormula } from './formula-compile.js';
import { bool } from './formula-functions.js';
import { parseTrusted } from './formula.js';
import { compileCondition } from './jre-conditions.js';
import { aggregateItems, appendItem, assignSelection, collectRecord, fieldEquals, itemScope, listOf, sortRows } from './list-steps.js';
import { buildRegionTree } from './region-tree.js';
import { ruleError } from './rule-error.js';
import type { AssignStep, BuildListStep, ForEachStep, RuleSetDocument, RulesStep, SelectStep, Step, ValueSpec } from './rule-set.types.js';
import type { Scope, Value, ValueRecord } from './typed-value.js';
import { compileInputReader, isRecord, newScope } from './typed-value.js';
import { validateRuleSet } from './validate.js';
import { compileValueSpec } from './value-spec.js';

/**
 * The fast path: a rule set is compiled once into closures (built from checked ASTs and tables,
 * never from tenant text as code) and evaluated synchronously. Explain is a flag of the same
 * closures; without it no trace is built.
 */
export function compileRuleSet(doc: RuleSetDocument, ctx: RuleContext = {}): CompiledRuleSet {
  const checked = validateRuleSet(doc, ctx);
  if (!checked.ok) throw ruleError('RUL_ERR_INVALID_RULE_SET', { problems: checked.problems });
  const steps = compileSteps(doc.steps, '');
  const readInputs = compileInputReader(doc.inputs);
  const regions = buildRegionTree(ctx.regions);
  const version = ctx.version ?? doc.version;
  const ruleSetKey = doc.key;
  return {
    ruleSetKey,
    version,
    evaluate(facts: Record<string, unknown>, opts?: EvaluateOptions): RuleEvaluation {
      if (!isRecord(facts)) throw ruleError('RUL_ERR_INVALID_FACT', { fact: '(facts)', expected: 'object' });
      const st: EvalState = { work: 0, trace: opts?.explain ? [] : null, regions };
      const scope = newScope();
      readInputs(facts, scope);
      for (let i = 0; i < steps.length; i++) steps[i](scope, st);
      const outputs = finishOutputs(doc, scope, st);
      const result: RuleEvaluation = { ruleSetKey, version, outputs };
      if (st.trace !== null) result.trace = st.trace;
      return result;
    },
  };
}

export function compileSteps(steps: readonly Step[], parent: string): CompiledStep[] {
  return steps.map((s) => compileStep(s, parent ? `${parent}/${s.id}` : s.id));
}

function compileStep(step: Step, path: string): CompiledStep {
  switch (step.kind) {
    case 'assign': return compileAssign(step, path);
    case 'rules': return compileRules(step, path);
    case 'decisionTable': return compileDecisionTable(step, path);
    case 'bandTable': return compileBandTable(step, path);
    case 'forEach': return compileForEach(step, path);
    case 'select': return compileSelect(step, path);
    case 'buildList': return compileBuildList(step, path);
  }
}

function compileAssign(step: AssignStep, path: string): CompiledStep {
  const parts = Object.entries(step.set).map(([name, spec]) => ({ name, f: compileValueSpec(spec), spec }));
  return (s, st) => {
    for (const p of parts) {
      const v = p.f(s, st);
      s[p.name] = v;
      if (st.trace !== null) pushTrace(st, { step: path, kind: 'assign', from: path, assigned: jsonOf({ [p.name]: v }), detail: { value: p.spec } });
    }
  };
}

function compileRules(step: RulesStep, path: string): CompiledStep {
  const shared = step.conditions ?? {};
  const rules = step.rules
    .map((r, index) => ({
      index,
      name: r.name ?? String(index + 1),
      priority: r.priority ?? 1,
      type: r.event.type,
      cond: compileCondition(r.conditions, shared),
      params: r.event.params ? compileValueSpec(r.event.params as ValueSpec) : null,
      paramKeys: r.event.params ? Object.keys(r.event.params) : null,
    }))
    .sort((a, b) => b.priority - a.priority || a.index - b.index);
  const defaults = Object.entries(step.defaults ?? {}).map(([name, spec]) => ({ name, f: compileValueSpec(spec) }));
  const firstOnly = step.emit === 'first';
  const eventsInto = step.eventsInto;
  const fired: (typeof rules)[number][] = []; // reused: evaluation is synchronous and never re-enters a step
  return (s, st) => {
    spend(st, rules.length);
    for (let i = 0; i < defaults.length; i++) s[defaults[i].name] = defaults[i].f(s, st);
    let nFired = 0;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (st.trace === null) {
        if (firstOnly && nFired > 0) break;
        if (r.cond(s, st, null)) fired[nFired++] = r;
      } else {
        const conditions: NonNullable<Parameters<typeof r.cond>[2]> = [];
        const ok = r.cond(s, st, conditions);
        if (ok) fired[nFired++] = r;
        pushTrace(st, { step: path, kind: 'rule', rule: r.name, matched: ok, conditions, detail: { priority: r.priority, event: r.type, used: ok && (!firstOnly || nFired === 1) } });
      }
    }
    const used = firstOnly ? Math.min(nFired, 1) : nFired;
    const events: Value[] | null = eventsInto ? [] : null;
    for (let i = 0; i < used; i++) {
      const r = fired[i];
      const params = r.params ? (r.params(s, st) as ValueRecord) : {};
      const keys = r.paramKeys ?? Object.keys(params);
      for (let k = 0; k < keys.length; k++) s[keys[k]] = params[keys[k]];
      if (events !== null) events.push({ type: r.type, params });
      if (st.trace !== null) pushTrace(st, { step: path, kind: 'assign', from: `${path} rule ${r.name}`, assigned: jsonOf(params) });
    }
    if (eventsInto) s[eventsInto] = events;
  };
}

function compileForEach(step: ForEachStep, path: string): CompiledStep {
  const inner = compileSteps(step.steps, path);
  const aggregates = Object.entries(step.aggregate ?? {});
  return (s, st) => {
    const list = listOf(s, step.list, step.id);
    const scopes: Scope[] = [];
    const results: Value[] = [];
    const outer = st.at;
    for (let i = 0; i < list.length; i++) {
      spend(st, 1);
      const cs = itemScope(s, list[i], step.as);
      st.at = `${outer === undefined ? '' : `${outer}/`}${step.list}[${i}]`;
      for (const f of inner) f(cs, st);
      st.at = outer;
      scopes.push(cs);
      if (step.into) results.push(collectRecord(cs, step.collect ?? Object.keys(cs)));
    }
    const assigned: Record<string, Value> = {};
    if (step.into) assigned[step.into] = results;
    for (const [name, spec] of aggregates) assigned[name] = aggregateItems(spec, scopes, name);
    for (const k of Object.keys(assigned)) s[k] = assigned[k];
    if (st.trace !== null) pushTrace(st, { step: path, kind: 'assign', from: path, assigned: jsonOf(assigned), detail: { items: list.length } });
  };
}

function compileSelect(step: SelectStep, path: string): CompiledStep {
  const match = Object.entries(step.match ?? {}).map(([field, spec]) => ({ field, f: compileValueSpec(spec) }));
  const where: CompiledFormula | null = step.where ? compileFormula(parseTrusted(step.where.$expr)) : null;
  const defaults = Object.entries(step.defaults ?? {}).map(([name, spec]) => ({ name, f: compileValueSpec(spec) }));
  return (s, st) => {
    const list = listOf(s, step.from, step.id);
    spend(st, list.length);
    const wanted = match.map((m) => ({ field: m.field, v: m.f(s, st) }));
    const found: Value[] = [];
    for (const row of list) {
      if (!isRecord(row)) continue;
      let ok = true;
      for (const w of wanted) if (!fieldEquals(row[w.field], w.v)) { ok = false; break; }
      if (ok && where !== null) ok = bool(where(itemScope(s, row, undefined), st), `${step.id}/where`);
      if (ok) found.push(row);
    }
    const dflt: Record<string, Value> = {};
    for (const d of defaults) dflt[d.name] = d.f(s, st);
    const assigned = assignSelection(step, sortRows(found, step.orderBy), s, dflt);
    if (st.trace !== null) pushTrace(st, { step: path, kind: 'select', from: path, assigned: jsonOf(assigned), detail: { scanned: list.length, found: found.length } });
  };
}

function compileBuildList(step: BuildListStep, path: string): CompiledStep {
  const items = step.items.map((it) => ({ when: it.when ? compileFormula(parseTrusted(it.when.$expr)) : null, value: compileValueSpec(it.value), spread: it.spread === true }));
  return (s, st) => {
    const out: Value[] = [];
    for (const it of items) {
      if (it.when === null || bool(it.when(s, st), `${step.id}/when`)) appendItem(out, it.value(s, st), it.spread, step.id);
    }
    s[step.into] = out;
    if (st.trace !== null) pushTrace(st, { step: path, kind: 'list', from: path, assigned: jsonOf({ [step.into]: out }) });
  };
}
