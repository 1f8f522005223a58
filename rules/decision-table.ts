import type { CellMatcher } from './decision-cell-match.js';
import { buildRowIndex, candidateRows, ColumnValues, compileCellMatcher, matchCell } from './decision-cell-match.js';
import type { CellTest } from './decision-cells.js';
import { describeCell, isNumericColumn, parseCell } from './decision-cells.js';
import type { EvalState } from './evaluation-state.js';
import { pushTrace, spend } from './evaluation-state.js';
import { resolveFactPath } from './fact-path.js';
import type { CompiledFormula } from './formula-compile.js';
import { add, Dec, ZERO } from './money.js';
import { ruleError } from './rule-error.js';
import type { DecisionTableStep, TableOutput } from './rule-set.types.js';
import type { Scope, Value, ValueRecord } from './typed-value.js';
import { asDecimal, toJsonView, toTyped } from './typed-value.js';
import { compileValueSpec } from './value-spec.js';

/**
 * Decision tables, compiled: each cell becomes a matcher over the column's value (read and
 * converted once per evaluation), each row a list of matchers, and the hit policy picks rows.
 */
interface Column {
  read: (s: Scope) => Value;
  fact: string;
}

function compileColumn(fact: string, path: string | undefined): Column {
  return {
    fact: path ? `${fact}${path.slice(1)}` : fact,
    read: (s) => {
      const raw = s[fact];
      if (raw === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: fact });
      return path !== undefined ? ((resolveFactPath(toJsonView(raw), path) as Value | undefined) ?? null) : raw;
    },
  };
}

function typedDefault(o: TableOutput): Value {
  return o.default === undefined || o.default === null ? null : toTyped(o, o.default, o.name);
}

/** Applies the hit policy to the indexes of the matched rows; shared with the reference path. */
export function applyHitPolicy(
  step: DecisionTableStep,
  matched: number[],
  rowOutputs: (row: number) => Value[],
  scope: Scope,
): Record<string, Value> {
  const outs = step.outputs;
  const assigned: Record<string, Value> = {};
  const assignRow = (r: number | undefined) => {
    const values = r === undefined ? outs.map(typedDefault) : rowOutputs(r);
    outs.forEach((o, i) => { assigned[o.name] = values[i]; });
  };
  switch (step.hitPolicy) {
    case 'FIRST':
      assignRow(matched[0]);
      break;
    case 'UNIQUE':
      if (matched.length > 1) throw ruleError('RUL_ERR_UNIQUE_VIOLATION', { step: step.id, rows: matched.map((r) => step.rows[r].id ?? String(r)) });
      assignRow(matched[0]);
      break;
    case 'PRIORITY': {
      let best: number | undefined;
      for (const r of matched) if (best === undefined || (step.rows[r].priority ?? 0) > (step.rows[best].priority ?? 0)) best = r;
      assignRow(best);
      break;
    }
    case 'COLLECT':
    case 'RULE_ORDER': {
      if (step.hitPolicy === 'COLLECT' && step.aggregation) {
        const name = outs[0].name;
        const values = matched.map((r) => rowOutputs(r)[0]);
        assigned[name] = aggregate(step.aggregation, values, name);
        break;
      }
      const list: Value[] = matched.map((r) => {
        const values = rowOutputs(r);
        if (outs.length === 1) return values[0];
        const rec: ValueRecord = {};
        outs.forEach((o, i) => { rec[o.name] = values[i]; });
        return rec;
      });
      assigned[step.into ?? outs[0].name] = list;
      break;
    }
  }
  for (const k of Object.keys(assigned)) scope[k] = assigned[k];
  return assigned;
}

function aggregate(kind: 'SUM' | 'MIN' | 'MAX' | 'COUNT', values: Value[], name: string): Value {
  if (kind === 'COUNT') return new Dec(values.length);
  const ds = values.map((v) => {
    const d = asDecimal(v);
    if (d === undefined) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name, expected: 'decimal' });
    return d;
  });
  if (kind === 'SUM') return ds.reduce((a, b) => add(a, b), ZERO);
  if (ds.length === 0) return null;
  return ds.reduce((a, b) => (kind === 'MIN' ? (b.lt(a) ? b : a) : b.gt(a) ? b : a));
}

export type CompiledStep = (s: Scope, st: EvalState) => void;

export function compileDecisionTable(step: DecisionTableStep, stepPath: string): CompiledStep {
  const numeric = step.inputs.map((c) => isNumericColumn(c.type));
  const columns = step.inputs.map((c) => compileColumn(c.fact, c.path));
  const tests = step.rows.map((r) => r.when.map((cell, i) => parseCell(cell, step.inputs[i].type) as CellTest));
  // operator cells ({ op, value }) see the raw value, like any json-rules-engine condition
  const rows = tests.map((cells) => cells.map((t, i) => compileCellMatcher(t, i, numeric[i], describeCell(t))).filter((c): c is CellMatcher => c !== null));
  const thens: CompiledFormula[][] = step.rows.map((r, ri) => r.then.map((spec, i) => compileValueSpec(spec, step.outputs[i], `${step.id}/rows/${ri}/then/${i}`)));
  const firstOnly = step.hitPolicy === 'FIRST';
  const singleHit = step.hitPolicy === 'FIRST' || step.hitPolicy === 'PRIORITY' || step.hitPolicy === 'UNIQUE';
  const outNames = step.outputs.map((o) => o.name);
  const defaults = step.outputs.map(typedDefault);
  const n = columns.length;
  // evaluation is synchronous and a table never re-enters itself, so these buffers are reused
  const cv = new ColumnValues(numeric);
  const matched: number[] = [];
  const index = buildRowIndex(rows, n);
  const allRows = rows.map((_, r) => r);
  return (s, st) => {
    spend(st, step.rows.length);
    for (let i = 0; i < n; i++) cv.set(i, columns[i].read(s));
    let nMatched = 0;
    if (st.trace === null) {
      const candidates = index === null ? allRows : candidateRows(index, cv);
      for (let k = 0; k < candidates.length; k++) {
        if (!rowMatches(rows[candidates[k]], cv, st)) continue;
        matched[nMatched++] = candidates[k];
        if (firstOnly) break;
      }
    } else {
      for (let r = 0; r < rows.length; r++) {
        let ok = true;
        const conditions = [];
        for (const c of rows[r]) {
          const result = matchCell(c, cv, st);
          conditions.push({ fact: columns[c.col].fact, operator: c.text, factValue: toJsonView(cv.value(c.col)), result });
          if (!result) { ok = false; break; }
        }
        pushTrace(st, { step: stepPath, kind: 'row', row: step.rows[r].id ?? String(r + 1), matched: ok, conditions });
        if (ok) {
          matched[nMatched++] = r;
          if (firstOnly) break;
        }
      }
    }
    if (singleHit && st.trace === null) {
      // the fast path of FIRST / PRIORITY / UNIQUE: no closures, no intermediate records
      let r: number | undefined = nMatched === 0 ? undefined : matched[0];
      if (nMatched > 1) r = pickSingle(step, matched.slice(0, nMatched));
      if (r === undefined) {
        for (let o = 0; o < outNames.length; o++) s[outNames[o]] = defaults[o];
      } else {
        const row = thens[r];
        for (let o = 0; o < outNames.length; o++) s[outNames[o]] = row[o](s, st);
      }
      return;
    }
    const hits = matched.slice(0, nMatched);
    const assigned = applyHitPolicy(step, hits, (r) => thens[r].map((f) => f(s, st)), s);
    if (st.trace !== null) {
      const from = hits.length === 0 ? 'defaults' : hits.map((r) => step.rows[r].id ?? String(r + 1)).join(',');
      pushTrace(st, { step: stepPath, kind: 'assign', from: `${stepPath} ${hits.length === 0 ? from : `row ${from}`}`, assigned: jsonOf(assigned), detail: { hitPolicy: step.hitPolicy } });
    }
  };
}

function rowMatches(cells: readonly CellMatcher[], cv: ColumnValues, st: EvalState): boolean {
  for (let c = 0; c < cells.length; c++) if (!matchCell(cells[c], cv, st)) return false;
  return true;
}

/** FIRST takes the first match; PRIORITY the highest priority; UNIQUE refuses several. */
function pickSingle(step: DecisionTableStep, matched: number[]): number {
  if (step.hitPolicy === 'UNIQUE') throw ruleError('RUL_ERR_UNIQUE_VIOLATION', { step: step.id, rows: matched.map((r) => step.rows[r].id ?? String(r)) });
  if (step.hitPolicy === 'FIRST') return matched[0];
  let best = matched[0];
  for (const r of matched) if ((step.rows[r].priority ?? 0) > (step.rows[best].priority ?? 0)) best = r;
  return best;
}

export function jsonOf(values: Record<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(values)) out[k] = toJsonView(values[k]);
  return out;
}
