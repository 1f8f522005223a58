import type { EvalState } from './evaluation-state.js';
import { pushTrace, spend } from './evaluation-state.js';
import type { CompiledFormula } from './formula-compile.js';
import { compileFormula } from './formula-compile.js';
import { parseTrusted } from './formula.js';
import { evaluateFormulaReference } from './formula-reference.js';
import type { Decimal } from './money.js';
import { add, Dec, floorTo, mul, roundHalfUp, sub, ZERO } from './money.js';
import { ruleError } from './rule-error.js';
import type { BandTableStep, Expr } from './rule-set.types.js';
import type { Scope, Value } from './typed-value.js';
import { asDecimal } from './typed-value.js';
import { isExpr } from './value-spec.js';
import { jsonOf, type CompiledStep } from './decision-table.js';

/**
 * Band tables (返利阶梯): RETROACTIVE applies the rate of the highest band reached to the whole
 * basis (全额累进); MARGINAL applies each band's rate to the slice of the basis inside it (超额累进).
 * Then: round (if asked) → floor → cap.
 */
export interface BandResult {
  amount: Decimal;
  rate: Decimal;
  band: Decimal | null;
  capApplied: boolean;
}

type Mode = 'RETROACTIVE' | 'MARGINAL';

function decimalOf(v: Value, what: string): Decimal {
  const d = asDecimal(v);
  if (d === undefined) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: what, expected: 'decimal' });
  return d;
}

function modeOf(v: Value, step: string): Mode {
  if (v === 'RETROACTIVE' || v === 'MARGINAL') return v;
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: `${step}/mode`, expected: 'RETROACTIVE | MARGINAL' });
}

function finish(step: BandTableStep, raw: Decimal, rate: Decimal, band: Decimal | null, floor: Decimal | null, cap: Decimal | null): BandResult {
  const scale = step.scale ?? 2;
  let amount = step.round === 'HALF_UP' ? roundHalfUp(raw, scale) : step.round === 'FLOOR' ? floorTo(raw, scale) : raw;
  if (floor !== null && amount.lt(floor)) amount = floor;
  let capApplied = false;
  if (cap !== null && amount.gt(cap)) {
    amount = cap;
    capApplied = true;
  }
  return { amount, rate, band, capApplied };
}

function assign(step: BandTableStep, r: BandResult, s: Scope): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (step.into.amount) out[step.into.amount] = r.amount;
  if (step.into.rate) out[step.into.rate] = r.rate;
  if (step.into.band) out[step.into.band] = r.band;
  if (step.into.capApplied) out[step.into.capApplied] = r.capApplied;
  for (const k of Object.keys(out)) s[k] = out[k];
  return out;
}

function compileOperand(v: string | Expr | undefined): CompiledFormula | null {
  if (v === undefined) return null;
  if (isExpr(v)) return compileFormula(parseTrusted(v.$expr));
  if (/^[A-Za-z_]/.test(v)) return compileFormula(parseTrusted(v)); // a variable name
  const d = new Dec(v);
  return () => d;
}

export function compileBandTable(step: BandTableStep, stepPath: string): CompiledStep {
  const basisOf = compileOperand(step.basis)!;
  const floorOf = compileOperand(step.floor);
  const capOf = compileOperand(step.cap);
  const modeFixed = typeof step.mode === 'string' ? step.mode : null;
  const modeOfExpr = isExpr(step.mode) ? compileFormula(parseTrusted(step.mode.$expr)) : null;
  const froms = step.bands.map((b) => new Dec(b.from));
  const rates = step.bands.map((b) => new Dec(b.rate));
  // amount accumulated below each band's lower bound (marginal mode), computed once
  const below: Decimal[] = [ZERO];
  for (let i = 1; i < froms.length; i++) below.push(add(below[i - 1], mul(sub(froms[i], froms[i - 1]), rates[i - 1])));
  return (s, st) => {
    spend(st, step.bands.length);
    const basis = decimalOf(basisOf(s, st), `${step.id}/basis`);
    const mode = modeFixed ?? modeOf(modeOfExpr!(s, st), step.id);
    let i = froms.length - 1;
    while (i >= 0 && basis.lt(froms[i])) i--;
    let raw: Decimal;
    let rate: Decimal;
    if (i < 0) {
      raw = ZERO;
      rate = ZERO;
    } else if (mode === 'RETROACTIVE') {
      rate = rates[i];
      raw = mul(basis, rate);
    } else {
      rate = rates[i];
      raw = add(below[i], mul(sub(basis, froms[i]), rate));
    }
    const floor = floorOf ? decimalOf(floorOf(s, st), `${step.id}/floor`) : null;
    const cap = capOf ? decimalOf(capOf(s, st), `${step.id}/cap`) : null;
    const result = finish(step, raw, rate, i < 0 ? null : froms[i], floor, cap);
    const assigned = assign(step, result, s);
    if (st.trace !== null) {
      pushTrace(st, { step: stepPath, kind: 'band', from: `${stepPath} band ${i < 0 ? 'none' : step.bands[i].from}`, assigned: jsonOf(assigned), detail: { basis: basis.toFixed(), mode, raw: raw.toFixed() } });
    }
  };
}

/** The reference reading: walk every band and add up its slice. */
export function evaluateBandTableReference(step: BandTableStep, s: Scope, st: EvalState, stepPath: string): void {
  const operand = (v: string | Expr | undefined): Value | null => {
    if (v === undefined) return null;
    if (isExpr(v)) return evaluateFormulaReference(parseTrusted(v.$expr), s, st);
    if (/^[A-Za-z_]/.test(v)) return evaluateFormulaReference(parseTrusted(v), s, st);
    return new Dec(v);
  };
  spend(st, step.bands.length);
  const basis = decimalOf(operand(step.basis), `${step.id}/basis`);
  const mode = typeof step.mode === 'string' ? step.mode : modeOf(operand(step.mode), step.id);
  let reached = -1;
  let marginal = ZERO;
  step.bands.forEach((b, i) => {
    const from = new Dec(b.from);
    if (basis.lt(from)) return;
    reached = i;
    const next = i + 1 < step.bands.length ? new Dec(step.bands[i + 1].from) : null;
    const top = next !== null && basis.gt(next) ? next : basis;
    marginal = add(marginal, mul(sub(top, from), new Dec(b.rate)));
  });
  const rate = reached < 0 ? ZERO : new Dec(step.bands[reached].rate);
  const raw = reached < 0 ? ZERO : mode === 'RETROACTIVE' ? mul(basis, rate) : marginal;
  const floorV = operand(step.floor);
  const capV = operand(step.cap);
  const result = finish(step, raw, rate, reached < 0 ? null : new Dec(step.bands[reached].from),
    floorV === null ? null : decimalOf(floorV, 'floor'), capV === null ? null : decimalOf(capV, 'cap'));
  const assigned = assign(step, result, s);
  if (st.trace !== null) pushTrace(st, { step: stepPath, kind: 'band', from: `${stepPath} band ${reached < 0 ? 'none' : step.bands[reached].from}`, assigned: jsonOf(assigned), detail: { basis: basis.toFixed(), mode, raw: raw.toFixed() } });
}
