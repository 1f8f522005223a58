import type { FormulaEnv } from './formula-functions.js';
import type { TraceEntry } from './explain/trace.js';
import { ruleError } from './rule-error.js';

/** Upper bound of work units (formula nodes, rows, list items) of one evaluation. */
export const MAX_WORK = 2_000_000;

/** Per-evaluation state: the work budget, the trace (null when not explaining) and the environment. */
export interface EvalState extends FormulaEnv {
  work: number;
  trace: TraceEntry[] | null;
  /** Position inside forEach steps ("lines[2]"), for the trace. */
  at?: string;
}

export function spend(st: EvalState, units: number): void {
  st.work += units;
  if (st.work > MAX_WORK) throw ruleError('RUL_ERR_BUDGET_EXCEEDED', { limit: MAX_WORK });
}

/** Adds an entry to the trace, marked with the current forEach position. */
export function pushTrace(st: EvalState, entry: TraceEntry): void {
  if (st.trace === null) return;
  if (st.at !== undefined) entry.at = st.at;
  st.trace.push(entry);
}
