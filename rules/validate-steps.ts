import { escapePointer } from '../schemas/ajv.js';
import { findOverlaps, parseCell } from './decision-cells.js';
import type { CellTest } from './decision-cells.js';
import { parseFactPath } from './fact-path.js';
import { parseFormula } from './formula.js';
import { resolveOperator } from './operators.js';
import type { RuleErrorCode } from './rule-error.js';
import type { DecisionTableStep, ItemDecl, JreCondition, JreTopCondition, RulesStep, Step, ValueSpec } from './rule-set.types.js';
import { valueTypes } from './rule-set.types.js';
import { toTyped } from './typed-value.js';
import { formulasIn, isExpr } from './value-spec.js';

type Report = (pointer: string, code: RuleErrorCode, detail?: string) => void;

/**
 * The names a formula may use at a point of the rule set: inputs, then what earlier steps
 * assigned. Item fields of lists are tracked where they are known, so a forEach body is checked too;
 * when a list's fields are not known, names inside its body are not checked ("open").
 */
export class Known {
  private readonly names: Set<string>;
  readonly fieldsOf = new Map<string, string[] | null>();

  constructor(parent?: Known, readonly open = false) {
    this.names = new Set(parent ? parent.names : []);
    if (parent) for (const [k, v] of parent.fieldsOf) this.fieldsOf.set(k, v);
  }

  has(name: string): boolean {
    return this.open || this.names.has(name);
  }

  add(name: string, fields: string[] | null = null): void {
    this.names.add(name);
    this.fieldsOf.set(name, fields);
  }

  addDecl(name: string, decl: ItemDecl): void {
    this.add(name, decl.type === 'list' ? (decl.items?.fields?.map((f) => f.name) ?? (decl.items?.type === 'object' ? null : [])) : null);
  }

  ownNames(): string[] {
    return [...this.names];
  }
}

function checkFormula(source: string, pointer: string, known: Known, report: Report): void {
  const r = parseFormula(source, (n) => known.has(n));
  if (!r.ok) report(pointer, r.problem.code, r.problem.message);
}

function checkSpec(spec: ValueSpec | undefined, pointer: string, known: Known, report: Report): void {
  if (spec === undefined) return;
  for (const f of formulasIn(spec, pointer)) checkFormula(f.source, f.pointer, known, report);
}

export function checkSteps(steps: readonly Step[], base: string, known: Known, report: Report): void {
  const ids = new Set<string>();
  steps.forEach((step, i) => {
    const p = `${base}/${i}`;
    if (ids.has(step.id)) report(`${p}/id`, 'RUL_ERR_DUPLICATE_NAME', step.id);
    ids.add(step.id);
    checkStep(step, p, known, report);
  });
}

function checkStep(step: Step, p: string, known: Known, report: Report): void {
  switch (step.kind) {
    case 'assign':
      for (const [name, spec] of Object.entries(step.set)) {
        checkSpec(spec, `${p}/set/${escapePointer(name)}`, known, report);
        known.add(name);
      }
      return;
    case 'rules':
      return checkRules(step, p, known, report);
    case 'decisionTable':
      return checkTable(step, p, known, report);
    case 'bandTable': {
      const operand = (v: unknown, ptr: string) => {
        if (v === undefined) return;
        if (isExpr(v)) checkFormula(v.$expr, `${ptr}/$expr`, known, report);
        else if (typeof v === 'string' && /^[A-Za-z_]/.test(v) && !known.has(v)) report(ptr, 'RUL_ERR_UNKNOWN_FACT', v);
      };
      operand(step.basis, `${p}/basis`);
      if (isExpr(step.mode)) operand(step.mode, `${p}/mode`);
      operand(step.floor, `${p}/floor`);
      operand(step.cap, `${p}/cap`);
      for (let b = 1; b < step.bands.length; b++) {
        if (Number(step.bands[b].from) <= Number(step.bands[b - 1].from)) report(`${p}/bands/${b}/from`, 'RUL_ERR_BAND_ORDER');
      }
      for (const v of Object.values(step.into)) if (v) known.add(v);
      return;
    }
    case 'forEach': {
      if (!known.has(step.list)) report(`${p}/list`, 'RUL_ERR_UNKNOWN_FACT', step.list);
      const fields = known.fieldsOf.get(step.list);
      const child = new Known(known, known.open || fields == null);
      for (const f of fields ?? []) child.add(f);
      if (step.as) child.add(step.as);
      checkSteps(step.steps, `${p}/steps`, child, report);
      (step.collect ?? []).forEach((c, i) => { if (!child.has(c)) report(`${p}/collect/${i}`, 'RUL_ERR_UNKNOWN_FACT', c); });
      for (const [name, agg] of Object.entries(step.aggregate ?? {})) {
        if (agg.of && !child.has(agg.of)) report(`${p}/aggregate/${escapePointer(name)}/of`, 'RUL_ERR_UNKNOWN_FACT', agg.of);
        if (!agg.of && agg.op !== 'count') report(`${p}/aggregate/${escapePointer(name)}`, 'RUL_ERR_SCHEMA', `"${agg.op}" needs "of"`);
        known.add(name);
      }
      if (step.into) known.add(step.into, step.collect ?? (child.open ? null : child.ownNames()));
      return;
    }
    case 'select': {
      if (!known.has(step.from)) report(`${p}/from`, 'RUL_ERR_UNKNOWN_FACT', step.from);
      const fields = known.fieldsOf.get(step.from);
      for (const [field, spec] of Object.entries(step.match ?? {})) {
        if (fields && !fields.includes(field)) report(`${p}/match/${escapePointer(field)}`, 'RUL_ERR_UNKNOWN_FACT', field);
        checkSpec(spec, `${p}/match/${escapePointer(field)}`, known, report);
      }
      const rowKnown = new Known(known, known.open || fields == null);
      for (const f of fields ?? []) rowKnown.add(f);
      if (step.where) checkFormula(step.where.$expr, `${p}/where/$expr`, rowKnown, report);
      (step.orderBy ?? []).forEach((o, i) => { if (fields && !fields.includes(o.field)) report(`${p}/orderBy/${i}/field`, 'RUL_ERR_UNKNOWN_FACT', o.field); });
      for (const [v, field] of Object.entries(step.set ?? {})) {
        if (fields && !fields.includes(field)) report(`${p}/set/${escapePointer(v)}`, 'RUL_ERR_UNKNOWN_FACT', field);
      }
      for (const [name, spec] of Object.entries(step.defaults ?? {})) checkSpec(spec, `${p}/defaults/${escapePointer(name)}`, known, report);
      if (step.take === 'first' && step.into === undefined && step.set === undefined) report(p, 'RUL_ERR_SCHEMA', 'take "first" needs "set" or "into"');
      for (const v of Object.keys(step.set ?? {})) known.add(v);
      if (step.into) known.add(step.into, step.take === 'all' ? (fields ?? null) : null);
      else if (step.take === 'all') known.add(step.id, fields ?? null);
      return;
    }
    case 'buildList':
      step.items.forEach((it, i) => {
        if (it.when) checkFormula(it.when.$expr, `${p}/items/${i}/when/$expr`, known, report);
        checkSpec(it.value, `${p}/items/${i}/value`, known, report);
      });
      known.add(step.into, null);
      return;
  }
}

function checkCondition(c: JreCondition, p: string, known: Known, shared: Record<string, JreTopCondition>, report: Report): void {
  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : (c as { any: JreCondition[] }).any;
    const key = 'all' in c ? 'all' : 'any';
    list.forEach((x, i) => checkCondition(x, `${p}/${key}/${i}`, known, shared, report));
    return;
  }
  if ('not' in c) return checkCondition(c.not, `${p}/not`, known, shared, report);
  if ('condition' in c) {
    if (!Object.prototype.hasOwnProperty.call(shared, c.condition)) report(`${p}/condition`, 'RUL_ERR_UNKNOWN_CONDITION', c.condition);
    return;
  }
  if (!known.has(c.fact)) report(`${p}/fact`, 'RUL_ERR_UNKNOWN_FACT', c.fact);
  if (!resolveOperator(c.operator)) report(`${p}/operator`, 'RUL_ERR_UNKNOWN_OPERATOR', c.operator);
  if (c.path !== undefined && !parseFactPath(c.path)) report(`${p}/path`, 'RUL_ERR_UNSUPPORTED_PATH', c.path);
  const v = c.value as { fact?: unknown; path?: unknown } | null;
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'fact')) {
    if (typeof v.fact !== 'string' || !known.has(v.fact)) report(`${p}/value/fact`, 'RUL_ERR_UNKNOWN_FACT', String(v.fact));
    if (v.path !== undefined && (typeof v.path !== 'string' || !parseFactPath(v.path))) report(`${p}/value/path`, 'RUL_ERR_UNSUPPORTED_PATH', String(v.path));
  }
}

function checkRules(step: RulesStep, p: string, known: Known, report: Report): void {
  const shared = step.conditions ?? {};
  // shared conditions may reference each other, but not in a cycle
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string, c: JreCondition, ptr: string): void => {
    if (done.has(name)) return;
    if (visiting.has(name)) return report(ptr, 'RUL_ERR_UNKNOWN_CONDITION', `${name} (cycle)`);
    visiting.add(name);
    const walk = (x: JreCondition) => {
      if ('all' in x) x.all.forEach(walk);
      else if ('any' in x) (x as { any: JreCondition[] }).any.forEach(walk);
      else if ('not' in x) walk(x.not);
      else if ('condition' in x && Object.prototype.hasOwnProperty.call(shared, x.condition)) visit(x.condition, shared[x.condition], ptr);
    };
    walk(c);
    visiting.delete(name);
    done.add(name);
  };
  for (const [name, c] of Object.entries(shared)) {
    checkCondition(c, `${p}/conditions/${escapePointer(name)}`, known, shared, report);
    visit(name, c, `${p}/conditions/${escapePointer(name)}`);
  }
  for (const [name, spec] of Object.entries(step.defaults ?? {})) checkSpec(spec, `${p}/defaults/${escapePointer(name)}`, known, report);
  const written = new Set(Object.keys(step.defaults ?? {}));
  step.rules.forEach((r, i) => {
    checkCondition(r.conditions, `${p}/rules/${i}/conditions`, known, shared, report);
    if (r.event.params) {
      checkSpec(r.event.params as ValueSpec, `${p}/rules/${i}/event/params`, known, report);
      for (const k of Object.keys(r.event.params)) written.add(k);
    }
  });
  for (const w of written) known.add(w);
  if (step.eventsInto) known.add(step.eventsInto, ['type', 'params']);
}

function checkTable(step: DecisionTableStep, p: string, known: Known, report: Report): void {
  step.inputs.forEach((c, i) => {
    if (!known.has(c.fact)) report(`${p}/inputs/${i}/fact`, 'RUL_ERR_UNKNOWN_FACT', c.fact);
    if (c.path !== undefined && !parseFactPath(c.path)) report(`${p}/inputs/${i}/path`, 'RUL_ERR_UNSUPPORTED_PATH', c.path);
    if (!(valueTypes as readonly string[]).includes(c.type)) report(`${p}/inputs/${i}/type`, 'RUL_ERR_SCHEMA', `unknown type "${c.type}"`);
  });
  step.outputs.forEach((o, i) => {
    if (!(valueTypes as readonly string[]).includes(o.type)) report(`${p}/outputs/${i}/type`, 'RUL_ERR_SCHEMA', `unknown type "${o.type}"`);
  });
  if (step.aggregation && (step.hitPolicy !== 'COLLECT' || step.outputs.length !== 1)) {
    report(`${p}/aggregation`, 'RUL_ERR_SCHEMA', 'an aggregation needs the COLLECT hit policy and exactly one output');
  }
  const tests: CellTest[][] = [];
  let shapeOk = true;
  step.rows.forEach((row, r) => {
    const rp = `${p}/rows/${r}`;
    if (row.when.length !== step.inputs.length) { report(`${rp}/when`, 'RUL_ERR_TABLE_SHAPE', `${row.when.length} cells for ${step.inputs.length} inputs`); shapeOk = false; }
    if (row.then.length !== step.outputs.length) { report(`${rp}/then`, 'RUL_ERR_TABLE_SHAPE', `${row.then.length} values for ${step.outputs.length} outputs`); shapeOk = false; }
    const parsed: CellTest[] = [];
    row.when.forEach((cell, c) => {
      const col = step.inputs[c];
      if (!col) return;
      const t = parseCell(cell, col.type);
      if (typeof t === 'string') { report(`${rp}/when/${c}`, 'RUL_ERR_BAD_CELL', t); shapeOk = false; } else parsed.push(t);
    });
    tests.push(parsed);
    row.then.forEach((spec, c) => {
      const out = step.outputs[c];
      if (!out) return;
      if (isExpr(spec)) checkSpec(spec, `${rp}/then/${c}`, known, report);
      else {
        try {
          toTyped(out, spec, out.name);
        } catch {
          report(`${rp}/then/${c}`, 'RUL_ERR_BAD_CELL', `not a ${out.type}`);
        }
      }
    });
  });
  if (step.hitPolicy === 'UNIQUE' && shapeOk) {
    for (const [a, b] of findOverlaps(tests, step.inputs.map((c) => c.type))) {
      report(`${p}/rows/${b}`, 'RUL_ERR_UNIQUE_OVERLAP', `row ${b + 1} overlaps row ${a + 1}`);
    }
  }
  const listPolicy = step.hitPolicy === 'RULE_ORDER' || (step.hitPolicy === 'COLLECT' && !step.aggregation);
  if (listPolicy) known.add(step.into ?? step.outputs[0].name, step.outputs.length > 1 ? step.outputs.map((o) => o.name) : []);
  else for (const o of step.outputs) known.add(o.name);
}
