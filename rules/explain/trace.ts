/**
 * The explain trace: every rule and row with each condition (the fact value seen and the result),
 * and where every variable and output came from. Values are shown in their JSON form.
 */
export interface ConditionTrace {
  fact?: string;
  path?: string;
  operator?: string;
  value?: unknown;
  factValue?: unknown;
  /** all / any / not, or the name of a shared condition that was expanded. */
  group?: 'all' | 'any' | 'not';
  condition?: string;
  children?: ConditionTrace[];
  /** undefined when the condition was not evaluated (short-circuited). */
  result?: boolean;
}

export interface TraceEntry {
  /** Step id; nested steps read "priceLines/tierDiscount". */
  step: string;
  kind: 'assign' | 'rule' | 'row' | 'band' | 'select' | 'list' | 'item' | 'output';
  /** Position inside a forEach: "lines[2]". */
  at?: string;
  rule?: string;
  row?: string;
  matched?: boolean;
  conditions?: ConditionTrace[];
  /** Variables this entry assigned, JSON form. */
  assigned?: Record<string, unknown>;
  /** For kind "output": the variable and the entry that last assigned it. */
  variable?: string;
  from?: string;
  detail?: Record<string, unknown>;
}

/** "step", "step rule r1", "step row r3": how an output's source is named. */
export function sourceOf(e: TraceEntry): string {
  const where = e.at ? `${e.at} ` : '';
  if (e.rule !== undefined) return `${where}${e.step} rule ${e.rule}`;
  if (e.row !== undefined) return `${where}${e.step} row ${e.row}`;
  return `${where}${e.step}`;
}
