import type { CompiledRuleSet, RuleSetDocument, Step } from '../../rules/index.js';
import { BATCH_EXPLAIN_MAX_FACT_SETS } from '../../schemas/api/rule-set-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { errorCodes, isErrorCode } from '../../schemas/errors/index.js';
import type { AuthedContext } from '../http/request-context.js';

/**
 * What one batch may cost. 1,000 fact sets × 8 lines with `explain` once answered 54 MB after
 * 3.5 s, and the event loop (so /health, and every other request of the process) waited 2.6 s:
 * a trace is many times the outputs, and the batch ran and was serialised in one piece.
 */
export interface BatchLimits {
  /** Fact sets one batch may explain. */
  explainMaxFactSets: number;
  /** Estimated work of a batch: Σ over its fact sets of (1 + the list items in them) × the rule set's weight. */
  maxUnits: number;
  /** Largest response body, in bytes. */
  maxResponseBytes: number;
  /** Estimated work evaluated before the batch yields to the event loop (it also yields after sliceMs). */
  sliceUnits: number;
  sliceMs: number;
}

export const BATCH_LIMITS: Readonly<BatchLimits> = Object.freeze({
  explainMaxFactSets: BATCH_EXPLAIN_MAX_FACT_SETS,
  maxUnits: 1_000_000,
  maxResponseBytes: 8 * 1024 * 1024,
  sliceUnits: 20_000,
  sliceMs: 10,
});

/**
 * How heavy one pass of a rule set is, in steps and the rows they scan: each step counts 1, plus
 * its decision-table rows, rules, bands, assignments or list items; nested steps (forEach) count
 * again. A fact set then costs this weight once per list item it carries (a forEach runs its steps
 * per line). An estimate for refusing a batch up front, not the evaluator's own budget.
 */
export function ruleSetWeight(doc: RuleSetDocument): number {
  const weigh = (steps: readonly Step[]): number => steps.reduce((sum, step) => {
    const s = step as Partial<Record<'rows' | 'rules' | 'bands' | 'items' | 'steps', unknown[]>> & { set?: Record<string, unknown> };
    return sum + 1 + (s.rows?.length ?? 0) + (s.rules?.length ?? 0) + (s.bands?.length ?? 0) + (s.items?.length ?? 0)
      + Object.keys(s.set ?? {}).length + (s.steps ? weigh(s.steps as Step[]) : 0);
  }, 0);
  return Math.max(1, weigh(doc.steps));
}

/** The items of every list in a fact set (nested lists too): what forEach and select steps walk. */
export function listItems(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + 1 + listItems(v), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce<number>((n, v) => n + listItems(v), 0);
  return 0;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface BatchTarget { key: string; version: number; compiled: CompiledRuleSet; weight: number }

/**
 * Evaluates a batch within its limits and returns the response body, serialised as it goes. Refused
 * before any work: `explain` over more than `explainMaxFactSets` fact sets (422
 * RUL_ERR_BATCH_EXPLAIN_LIMIT) and an estimate over `maxUnits` (413 RUL_ERR_BATCH_TOO_LARGE); a body
 * growing past `maxResponseBytes` stops the batch (413 RUL_ERR_BATCH_RESPONSE_TOO_LARGE). Between
 * slices it yields to the event loop, so the process keeps answering while a batch runs. One bad
 * fact set does not fail the others; an unexpected error still fails the batch.
 */
export async function evaluateBatch(
  ctx: AuthedContext, target: BatchTarget, factSets: readonly Record<string, unknown>[], explain: boolean, limits: BatchLimits = BATCH_LIMITS,
): Promise<string> {
  if (explain && factSets.length > limits.explainMaxFactSets) {
    throw new AppError('RUL_ERR_BATCH_EXPLAIN_LIMIT', { factSets: factSets.length, limit: limits.explainMaxFactSets });
  }
  const costs = factSets.map((facts) => (1 + listItems(facts)) * target.weight);
  const units = costs.reduce((a, b) => a + b, 0);
  if (units > limits.maxUnits) throw new AppError('RUL_ERR_BATCH_TOO_LARGE', { units, limit: limits.maxUnits, factSets: factSets.length });

  const head = `{"ruleSetKey":${JSON.stringify(target.key)},"version":${target.version},"results":[`;
  const parts: string[] = [head];
  let bytes = Buffer.byteLength(head) + 2;
  let sliceUnits = 0;
  let sliceStart = performance.now();
  for (let index = 0; index < factSets.length; index++) {
    const part = (index > 0 ? ',' : '') + JSON.stringify(evaluateOne(ctx, target.compiled, factSets[index], index, explain));
    bytes += Buffer.byteLength(part);
    if (bytes > limits.maxResponseBytes) {
      throw new AppError('RUL_ERR_BATCH_RESPONSE_TOO_LARGE', { limit: limits.maxResponseBytes, evaluated: index + 1, factSets: factSets.length });
    }
    parts.push(part);
    sliceUnits += costs[index];
    if (index < factSets.length - 1 && (sliceUnits >= limits.sliceUnits || performance.now() - sliceStart >= limits.sliceMs)) {
      await nextTurn();
      sliceUnits = 0;
      sliceStart = performance.now();
    }
  }
  parts.push(']}');
  return parts.join('');
}

function evaluateOne(ctx: AuthedContext, compiled: CompiledRuleSet, facts: Record<string, unknown>, index: number, explain: boolean) {
  try {
    const { outputs, trace } = compiled.evaluate(facts, { explain });
    return { index, ok: true, outputs, ...(trace ? { trace } : {}) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (!(err instanceof AppError) && !(typeof code === 'string' && isErrorCode(code))) throw err;
    const def = errorCodes[(err as AppError).code];
    return { index, ok: false, error: { code: (err as AppError).code, message: ctx.locale === 'zh-CN' ? def.zh : def.en, details: (err as AppError).details } };
  }
}
