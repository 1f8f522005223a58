import type { Locale } from '../schemas/ajv.js';
import type { TraceEntry } from './explain/trace.js';
import type { RegionNode } from './region-tree.js';

/** What the caller knows besides the document: the tenant's region tree, the locale, the version. */
export interface RuleContext {
  regions?: RegionNode[];
  locale?: Locale;
  /** The stored version of the document; recorded in every evaluation result. */
  version?: number;
}

export interface EvaluateOptions {
  /** Record a trace of every rule, row and assignment (off by default). */
  explain?: boolean;
}

export interface RuleEvaluation {
  ruleSetKey: string;
  version?: number;
  outputs: Record<string, unknown>;
  trace?: TraceEntry[];
}

export interface CompiledRuleSet {
  readonly ruleSetKey: string;
  readonly version?: number;
  evaluate(facts: Record<string, unknown>, opts?: EvaluateOptions): RuleEvaluation;
}
