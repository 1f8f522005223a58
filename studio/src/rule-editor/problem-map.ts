import type { RuleProblem, RuleSetDocument, Step } from '../../../rules/index';
import { joinPointer, parsePointer } from './store/json-patch';

/**
 * Where a problem belongs in the editor: problems (the validator's and the server's) carry JSON
 * pointers into the document; these functions map them to steps, table cells, rows and columns.
 */
export interface StepRef {
  pointer: string;
  step: Step;
  depth: number;
  /** Step ids from the top: "price-lines/tier-price-discount". */
  path: string;
}

/** Every step, nested ones (forEach bodies) after their parent, in document order. */
export function listSteps(doc: Pick<RuleSetDocument, 'steps'>): StepRef[] {
  const out: StepRef[] = [];
  const walk = (steps: readonly Step[], base: string, depth: number, parentPath: string) => {
    (steps ?? []).forEach((step, i) => {
      const pointer = joinPointer(base, i);
      const path = parentPath ? `${parentPath}/${step.id}` : step.id;
      out.push({ pointer, step, depth, path });
      if (step.kind === 'forEach') walk(step.steps, joinPointer(pointer, 'steps'), depth + 1, path);
    });
  };
  walk(doc.steps, '/steps', 0, '');
  return out;
}

export function isUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/** The deepest step that contains the pointer, if any. */
export function stepOfPointer(doc: Pick<RuleSetDocument, 'steps'>, pointer: string): StepRef | undefined {
  let best: StepRef | undefined;
  for (const ref of listSteps(doc)) if (isUnder(pointer, ref.pointer) && (!best || ref.pointer.length > best.pointer.length)) best = ref;
  return best;
}

/** The server reports draft problems inside the request body ("/document/steps/…"). */
export function stripPointerPrefix<P extends { pointer?: string }>(problems: readonly P[], prefix: string): P[] {
  return problems.map((p) => (p.pointer && isUnder(p.pointer, prefix) ? { ...p, pointer: p.pointer.slice(prefix.length) } : p));
}

export type TableSide = 'when' | 'then';

export interface CellAddress {
  row: number;
  side: TableSide;
  /** Index among the inputs (when) or the outputs (then). */
  index: number;
  /** Column of the grid: conditions first, then outputs ("cell-<row>-<col>"). */
  col: number;
}

export function gridColumn(side: TableSide, index: number, inputCount: number): number {
  return side === 'when' ? index : inputCount + index;
}

/** The cell a pointer falls in ("…/rows/3/when/1", or deeper inside that cell). */
export function cellOfPointer(pointer: string, tablePtr: string, inputCount: number): CellAddress | undefined {
  if (!isUnder(pointer, tablePtr)) return undefined;
  const rest = parsePointer(pointer.slice(tablePtr.length));
  if (rest[0] !== 'rows' || rest.length < 4 || (rest[2] !== 'when' && rest[2] !== 'then')) return undefined;
  const row = Number(rest[1]);
  const index = Number(rest[3]);
  if (!Number.isInteger(row) || !Number.isInteger(index)) return undefined;
  const side = rest[2] as TableSide;
  return { row, side, index, col: gridColumn(side, index, inputCount) };
}

export interface TableProblems {
  /** By "row-col" of the grid. */
  cells: Map<string, RuleProblem[]>;
  /** A whole row (UNIQUE overlap, wrong cell count, its priority or annotation). */
  rows: Map<number, RuleProblem[]>;
  /** A column header (fact, type, path), by grid column. */
  columns: Map<number, RuleProblem[]>;
  /** The table itself (hit policy, aggregation, id). */
  table: RuleProblem[];
}

export function cellKey(row: number, col: number): string {
  return `${row}-${col}`;
}

function push<K>(map: Map<K, RuleProblem[]>, key: K, p: RuleProblem) {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

export function problemsOfTable(problems: readonly RuleProblem[], tablePtr: string, inputCount: number): TableProblems {
  const out: TableProblems = { cells: new Map(), rows: new Map(), columns: new Map(), table: [] };
  for (const p of problems) {
    if (!isUnder(p.pointer, tablePtr)) continue;
    const cell = cellOfPointer(p.pointer, tablePtr, inputCount);
    if (cell) { push(out.cells, cellKey(cell.row, cell.col), p); continue; }
    const rest = parsePointer(p.pointer.slice(tablePtr.length));
    if (rest[0] === 'rows' && rest.length >= 2) push(out.rows, Number(rest[1]), p);
    else if ((rest[0] === 'inputs' || rest[0] === 'outputs') && rest.length >= 2) {
      push(out.columns, gridColumn(rest[0] === 'inputs' ? 'when' : 'then', Number(rest[1]), inputCount), p);
    } else out.table.push(p);
  }
  return out;
}

/** Problems under a pointer (a step, a formula, a test case), for badges and inline messages. */
export function problemsUnder(problems: readonly RuleProblem[], pointer: string): RuleProblem[] {
  return problems.filter((p) => isUnder(p.pointer, pointer));
}
