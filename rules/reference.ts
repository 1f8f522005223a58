import { evaluateBandTableReference } from './band-table.js';
import type { CellTest } from './decision-cells.js';
import { cellToConditions, describeCell, parseCell } from './decision-cells.js';
import { applyHitPolicy, jsonOf } from './decision-table.js';
import type { EvalState } from './evaluation-state.js';
import { pushTrace, spend } from './evaluation-state.js';
import type { EvaluateOptions, RuleContext, RuleEvaluation } from './evaluation.types.js';
import { finishOutputs } from './explain/outputs.js';
import { bool } from './formula-functions.js';
import { parseTrusted } from './formula.js';
import { evaluateFormulaReference } from './formula-reference.js';
import { runJre } from './jre-reference.js';
import { aggregateItems, appendItem, assignSelection, collectRecord, fieldEquals, itemScope, listOf, sortRows } from './list-steps.js';
import { buildRegionTree } from './region-tree.js';
import { ruleError } from './rule-error.js';
import type { DecisionTableStep, JreCondition, RuleSetDocument, RulesStep, Step, ValueSpec } from './rule-set.types.js';
import type { Scope, Value, ValueRecord } from './typed-value.js';
import { isRecord, newScope, readInputs } from './typed-value.js';
import { validateRuleSet } from './validate.js';
import { evaluateValueSpecReference } from './value-spec.js';

/**
 * The reference path: json-rules-engine runs the rules (a fresh Engine each time) and the decision
 * tables (each row translated into a json-rules-engine rule over the operators list); formulas are
 * walked from their AST on every call; band tables add up band by band. It is slower than the
 * compiled path and exists to check it (the property test) and to explain.
 */
export async function evaluateReference(doc: RuleSetDocument, facts: Record<string, unknown>, ctx: RuleContext = {}, opts: EvaluateOptions = {}): Promise<RuleEvaluation> {
  const checked = validateRuleSet(doc, ctx);
  if (!checked.ok) throw ruleError('RUL_ERR_INVALID_RULE_SET', { problems: checked.problems });
  if (!isRecord(facts)) throw ruleError('RUL_ERR_INVALID_FACT', { fact: '(facts)', expected: 'object' });
  const st: EvalState = { work: 0, trace: opts.explain ? [] : null, regions: buildRegionTree(ctx.regions) };
  const scope = newScope();
  readInputs(doc.inputs, facts, scope);
  await runSteps(doc.steps, '', scope, st);
  const outputs = finishOutputs(doc, scope, st);
  const result: RuleEvaluation = { ruleSetKey: doc.key, version: ctx.version ?? doc.version, outputs };
  if (st.trace !== null) result.trace = st.trace;
  return result;
}

async function runSteps(steps: readonly Step[], parent: string, s: Scope, st: EvalState): Promise<void> {
  for (const step of steps) await runStep(step, parent ? `${parent}/${step.id}` : step.id, s, st);
}

async function runStep(step: Step, path: string, s: Scope, st: EvalState): Promise<void> {
  switch (step.kind) {
    case 'assign':
      for (const [name, spec] of Object.entries(step.set)) {
        s[name] = evaluateValueSpecReference(spec, s, st);
        pushTrace(st, { step: path, kind: 'assign', from: path, assigned: jsonOf({ [name]: s[name] }), detail: { value: spec } });
      }
      return;
    case 'rules':
      return runRules(step, path, s, st);
    case 'decisionTable':
      return runTable(step, path, s, st);
    case 'bandTable':
      return evaluateBandTableReference(step, s, st, path);
    case 'forEach': {
      const list = listOf(s, step.list, step.id);
      const scopes: Scope[] = [];
      const outer = st.at;
      for (let i = 0; i < list.length; i++) {
        spend(st, 1);
        const cs = itemScope(s, list[i], step.as);
        st.at = `${outer === undefined ? '' : `${outer}/`}${step.list}[${i}]`;
        await runSteps(step.steps, path, cs, st);
        st.at = outer;
        scopes.push(cs);
      }
      const assigned: Record<string, Value> = {};
      if (step.into) assigned[step.into] = scopes.map((cs) => collectRecord(cs, step.collect ?? Object.keys(cs)));
      for (const [name, spec] of Object.entries(step.aggregate ?? {})) assigned[name] = aggregateItems(spec, scopes, name);
      Object.assign(s, assigned);
      pushTrace(st, { step: path, kind: 'assign', from: path, assigned: jsonOf(assigned), detail: { items: list.length } });
      return;
    }
    case 'select': {
      const list = listOf(s, step.from, step.id);
      spend(st, list.length);
      const found = list.filter((row) => {
        if (!isRecord(row)) return false;
        for (const [field, spec] of Object.entries(step.match ?? {})) {
          if (!fieldEquals(row[field], evaluateValueSpecReference(spec, s, st))) return false;
        }
        return step.where ? bool(evaluateFormulaReference(parseTrusted(step.where.$expr), itemScope(s, row, undefined), st), `${step.id}/where`) : true;
      });
      const defaults: Record<string, Value> = {};
      for (const [name, spec] of Object.entries(step.defaults ?? {})) defaults[name] = evaluateValueSpecReference(spec, s, st);
      const assigned = assignSelection(step, sortRows(found, step.orderBy), s, defaults);
      pushTrace(st, { step: path, kind: 'select', from: path, assigned: jsonOf(assigned), detail: { scanned: list.length, found: found.length } });
      return;
    }
    case 'buildList': {
      const out: Value[] = [];
      for (const it of step.items) {
        const keep = it.when ? bool(evaluateFormulaReference(parseTrusted(it.when.$expr), s, st), `${step.id}/when`) : true;
        if (keep) appendItem(out, evaluateValueSpecReference(it.value, s, st), it.spread === true, step.id);
      }
      s[step.into] = out;
      pushTrace(st, { step: path, kind: 'list', from: path, assigned: jsonOf({ [step.into]: out }) });
      return;
    }
  }
}

async function runRules(step: RulesStep, path: string, s: Scope, st: EvalState): Promise<void> {
  spend(st, step.rules.length);
  for (const [name, spec] of Object.entries(step.defaults ?? {})) s[name] = evaluateValueSpecReference(spec, s, st);
  const run = await runJre(step.rules, step.conditions ?? {}, s, st, st.trace !== null);
  const used = step.emit === 'first' ? run.fired.slice(0, 1) : run.fired;
  if (st.trace !== null) {
    step.rules.forEach((r, i) => {
      const matched = run.fired.includes(i);
      pushTrace(st, { step: path, kind: 'rule', rule: r.name ?? String(i + 1), matched, conditions: run.traces.has(i) ? [run.traces.get(i)!] : [], detail: { priority: r.priority ?? 1, event: r.event.type, used: used.includes(i) } });
    });
  }
  const events: Value[] = [];
  for (const i of used) {
    const r = step.rules[i];
    const params = r.event.params ? (evaluateValueSpecReference(r.event.params as ValueSpec, s, st) as ValueRecord) : {};
    Object.assign(s, params);
    if (step.eventsInto) events.push({ type: r.event.type, params });
    pushTrace(st, { step: path, kind: 'assign', from: `${path} rule ${r.name ?? String(i + 1)}`, assigned: jsonOf(params) });
  }
  if (step.eventsInto) s[step.eventsInto] = events;
}

async function runTable(step: DecisionTableStep, path: string, s: Scope, st: EvalState): Promise<void> {
  spend(st, step.rows.length);
  const tests: CellTest[][] = step.rows.map((r) => r.when.map((cell, i) => parseCell(cell, step.inputs[i].type) as CellTest));
  const rules = tests.map((cells) => ({
    conditions: { all: cells.flatMap((t, i) => cellToConditions(t, step.inputs[i].fact, step.inputs[i].path, step.inputs[i].type)) as JreCondition[] },
  }));
  const run = await runJre(rules, {}, s, st, st.trace !== null);
  let matched = [...run.fired].sort((a, b) => a - b);
  if (step.hitPolicy === 'FIRST') matched = matched.slice(0, 1);
  if (st.trace !== null) {
    step.rows.forEach((row, r) => {
      pushTrace(st, { step: path, kind: 'row', row: row.id ?? String(r + 1), matched: run.fired.includes(r), conditions: run.traces.has(r) ? [run.traces.get(r)!] : [], detail: { cells: tests[r].map(describeCell) } });
    });
  }
  const assigned = applyHitPolicy(step, matched, (r) => step.rows[r].then.map((spec, i) => evaluateValueSpecReference(spec, s, st, step.outputs[i], `${step.id}/rows/${r}/then/${i}`)), s);
  const from = matched.length === 0 ? 'defaults' : `row ${matched.map((r) => step.rows[r].id ?? String(r + 1)).join(',')}`;
  pushTrace(st, { step: path, kind: 'assign', from: `${path} ${from}`, assigned: jsonOf(assigned), detail: { hitPolicy: step.hitPolicy } });
}
