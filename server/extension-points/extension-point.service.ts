import type { ValidateFunction } from 'ajv';
import type { RuleSetDocument, TraceEntry } from '../../rules/index.js';
import { createAjv, toProblems } from '../../schemas/index.js';
import { extensionPoint, type ExtensionPointKey } from '../../schemas/extension-points/registry.js';
import { AppError } from '../../schemas/errors/app-error.js';
import type { DmsContext } from '../dms/dms-context.js';
import { ruleSetInEffect } from '../dms/dms-rule-sets.js';
import { Tenant } from '../entities/index.js';

type TenantScope = Pick<DmsContext, 'em' | 'tenantId'>;

/** The key the tenant's deployed manifest binds to `point`, or null. */
export async function pointBinding(ctx: TenantScope, point: ExtensionPointKey): Promise<string | null> {
  const tenant = await ctx.em.findOne(Tenant, { id: ctx.tenantId });
  return tenant?.settings?.extensionPoints?.[point] ?? null;
}

export async function isPointBound(ctx: TenantScope, point: ExtensionPointKey): Promise<boolean> {
  return (await pointBinding(ctx, point)) !== null;
}

async function boundKey(ctx: TenantScope, point: ExtensionPointKey): Promise<string> {
  const key = await pointBinding(ctx, point);
  if (!key) throw new AppError('DMS_ERR_POINT_UNBOUND', { point, label: extensionPoint(point).label });
  return key;
}

/** The workflow the tenant binds to a workflow point (DMS_ERR_POINT_UNBOUND when none). */
export async function boundWorkflowKey(ctx: TenantScope, point: ExtensionPointKey): Promise<string> {
  return boundKey(ctx, point);
}

const outputCheckers = new Map<ExtensionPointKey, ValidateFunction>();
function outputChecker(point: ExtensionPointKey): ValidateFunction | null {
  const requires = extensionPoint(point).requires;
  if (!requires) return null;
  let check = outputCheckers.get(point);
  if (!check) {
    check = createAjv().compile(requires);
    outputCheckers.set(point, check);
  }
  return check;
}

export interface PointEvaluation<T> {
  outputs: T;
  trace?: TraceEntry[];
  ruleSet: { key: string; version: number };
  document: RuleSetDocument;
}

/**
 * Evaluates the rule set bound to `point` (the version in effect on `asOf`) on `facts`, and checks
 * its outputs against the point's contract. A rule error becomes DMS_ERR_POINT_EVALUATION and a
 * contract breach DMS_ERR_POINT_OUTPUT, both naming the point, the rule set and its version, so the
 * tenant's mistake reads as one and is never a 500.
 */
export async function evaluatePoint<T = Record<string, unknown>>(
  ctx: DmsContext, point: ExtensionPointKey, facts: Record<string, unknown>, asOf: string, opts: { explain?: boolean } = {},
): Promise<PointEvaluation<T>> {
  const key = await boundKey(ctx, point);
  const rs = await ruleSetInEffect(ctx, key, asOf);
  const where = { point, ruleSet: key, version: rs.version };
  let result;
  try {
    result = rs.compiled.evaluate(facts, { explain: opts.explain === true });
  } catch (err) {
    if (err instanceof AppError) {
      const details = (err.details ?? {}) as Record<string, unknown>;
      throw new AppError('DMS_ERR_POINT_EVALUATION', {
        ...where, cause: { code: err.code, message: err.message, ...details },
        problems: [{ pointer: typeof details.fact === 'string' ? `/facts/${details.fact}` : '', code: err.code, message: err.message }],
      });
    }
    throw err;
  }
  const check = outputChecker(point);
  if (check && !check(result.outputs)) {
    throw new AppError('DMS_ERR_POINT_OUTPUT', {
      ...where, problems: toProblems(check.errors, ctx.locale ?? 'en').map((p) => ({ pointer: `/outputs${p.pointer}`, message: p.message })),
    });
  }
  return { outputs: result.outputs as T, trace: result.trace, ruleSet: { key, version: rs.version }, document: rs.document };
}
