/**
 * The rule-set document, as authored in the studio and stored by the server. The JSON Schema in
 * schemas/rules/ is the one validator; these types mirror it for the TypeScript code.
 */
export const valueTypes = ['decimal', 'money', 'rate', 'integer', 'number', 'string', 'boolean', 'date', 'enum', 'region', 'list', 'object'] as const;
export type ValueType = (typeof valueTypes)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

/** The type of a value or of a list's items. */
export interface ItemDecl {
  type: ValueType;
  /** Allowed values of an enum. */
  values?: string[];
  /** zh/en words of each enum value, shown wherever the value is (reason codes, decisions, adjustment codes). */
  valueLabels?: Record<string, LocalizedText>;
  /** Item type of a list. */
  items?: ItemDecl;
  /** Fields of an object (or of a list's object items). */
  fields?: FieldDecl[];
  nullable?: boolean;
  default?: unknown;
}

/** A declared input, output or field. */
export interface FieldDecl extends ItemDecl {
  name: string;
  label?: LocalizedText;
  description?: string;
}

/** A formula: a tagged value, never a magic string. */
export interface Expr {
  $expr: string;
}

export type Literal = string | number | boolean | null;
/** A value that is either a JSON literal or a formula (nested objects/arrays may hold formulas). */
export type ValueSpec = Literal | Expr | ValueSpec[] | { [key: string]: ValueSpec };

// ----- json-rules-engine rules -----
export interface JreFactCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}
export interface JreConditionRef {
  condition: string;
  priority?: number;
  name?: string;
}
export interface JreAll {
  all: JreCondition[];
  priority?: number;
  name?: string;
}
export interface JreAny {
  any: JreCondition[];
  priority?: number;
  name?: string;
}
export interface JreNot {
  not: JreCondition;
  priority?: number;
  name?: string;
}
export type JreCondition = JreFactCondition | JreConditionRef | JreAll | JreAny | JreNot;
export type JreTopCondition = JreAll | JreAny | JreNot | JreConditionRef;

export interface JreRule {
  conditions: JreTopCondition;
  event: { type: string; params?: Record<string, unknown> };
  name?: string;
  priority?: number;
}

// ----- steps -----
interface StepBase {
  id: string;
  label?: LocalizedText;
  description?: string;
}

/** Computed variables, in order; each may use the ones before it. */
export interface AssignStep extends StepBase {
  kind: 'assign';
  set: Record<string, ValueSpec>;
}

/** json-rules-engine rules; the params of fired events are assigned as variables. */
export interface RulesStep extends StepBase {
  kind: 'rules';
  rules: JreRule[];
  /** Shared conditions referenced by `{ "condition": name }`. */
  conditions?: Record<string, JreTopCondition>;
  /** "first": only the first fired event (highest priority, then document order) assigns; "all": every one, in that order. */
  emit?: 'first' | 'all';
  /** Variables assigned before the rules run (what holds when no rule fires). */
  defaults?: Record<string, ValueSpec>;
  /** Stores the fired events [{type, params}] in this variable. */
  eventsInto?: string;
}

export type HitPolicy = 'FIRST' | 'UNIQUE' | 'PRIORITY' | 'COLLECT' | 'RULE_ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export type Cell =
  | Literal
  | { any: true }
  | { '=': Literal }
  | { '!=': Literal }
  | { '<': string | number }
  | { '<=': string | number }
  | { '>': string | number }
  | { '>=': string | number }
  | { range: string }
  | { in: Literal[] }
  | { notIn: Literal[] }
  | { op: string; value: unknown };

export interface TableInput {
  /** A variable (input or computed), optionally with a path into it ("$.a.b"). */
  fact: string;
  path?: string;
  type: ValueType;
  label?: LocalizedText;
}

export interface TableOutput {
  name: string;
  type: ValueType;
  default?: Literal;
  label?: LocalizedText;
}

export interface TableRow {
  id?: string;
  when: Cell[];
  then: ValueSpec[];
  /** Used by the PRIORITY hit policy: the highest wins, ties go to the earlier row. */
  priority?: number;
  description?: string;
}

export interface DecisionTableStep extends StepBase {
  kind: 'decisionTable';
  hitPolicy: HitPolicy;
  /** COLLECT only: SUM/MIN/MAX/COUNT of the (single) output column; without it the matches form a list. */
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rows: TableRow[];
  /** COLLECT without aggregation and RULE_ORDER: the variable receiving the list of matches. */
  into?: string;
}

export interface Band {
  /** Inclusive lower bound of the band. */
  from: string;
  rate: string;
}

export interface BandTableStep extends StepBase {
  kind: 'bandTable';
  basis: Expr | string;
  mode: 'RETROACTIVE' | 'MARGINAL' | Expr;
  bands: Band[];
  /** Bounds of the amount: a floor and a cap (decimal strings or formulas). */
  floor?: string | Expr;
  cap?: string | Expr;
  round?: 'NONE' | 'HALF_UP' | 'FLOOR';
  scale?: number;
  into: { amount?: string; rate?: string; band?: string; capApplied?: string };
}

export interface Aggregate {
  op: 'sum' | 'min' | 'max' | 'count' | 'all' | 'any';
  of?: string;
}

/** Runs nested steps once per list item (its fields become variables) and collects a result per item. */
export interface ForEachStep extends StepBase {
  kind: 'forEach';
  list: string;
  /** Name of the item itself when the list holds scalars (and of the record, for formulas' helpers). */
  as?: string;
  steps: Step[];
  /** Fields of each result record: names of variables in the item scope. */
  collect?: string[];
  into?: string;
  aggregate?: Record<string, Aggregate>;
}

/** Finds rows of a list: equality on fields, an optional condition, an order, then the first or all. */
export interface SelectStep extends StepBase {
  kind: 'select';
  from: string;
  match?: Record<string, ValueSpec>;
  where?: Expr;
  orderBy?: { field: string; direction?: 'asc' | 'desc' }[];
  take: 'first' | 'all';
  /** take=first: variable ← field of the row found. */
  set?: Record<string, string>;
  /** take=all: the rows found; take=first: the row itself. */
  into?: string;
  /** Values assigned to the `set` variables when nothing is found. */
  defaults?: Record<string, ValueSpec>;
}

/** Builds a list from conditional items, in order. */
export interface BuildListStep extends StepBase {
  kind: 'buildList';
  into: string;
  /** spread: the value is a list whose items are appended one by one. */
  items: { when?: Expr; value: ValueSpec; spread?: boolean }[];
}

export type Step = AssignStep | RulesStep | DecisionTableStep | BandTableStep | ForEachStep | SelectStep | BuildListStep;
export type StepKind = Step['kind'];

export interface TestCase {
  name: string;
  description?: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

export interface RuleSetDocument {
  key: string;
  name: LocalizedText;
  description?: string;
  version?: number;
  effectiveFrom?: string;
  effectiveTo?: string;
  inputs: FieldDecl[];
  outputs: FieldDecl[];
  steps: Step[];
  testCases?: TestCase[];
}
