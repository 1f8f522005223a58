import { withDealerMasterData, type Json } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Dealer, type Dealer as DealerRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { checkStartForm, isRecordFlow, startFormOf } from './start-form.service.js';
import { startInstance, type StartOutcome } from './workflow-engine.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

function asObject(v: Json | undefined): Record<string, Json> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/**
 * Starts a workflow for the caller. A dealer user's instance belongs to its own dealer (a form
 * naming another dealer is refused); staff may start for a dealer named by `variables.dealer.code`.
 * The variables are checked against the published start form before anything is written
 * (FLW_ERR_START_FORM_INVALID, a pointer per problem, in the caller's language). The idempotency key
 * stands for this request: workflow, dealer and the variables as sent; a replay with anything else
 * is FLW_ERR_IDEMPOTENCY_KEY_REUSED.
 */
export async function startForUser(rt: WorkflowRuntime, ctx: AuthedContext, key: string, variables: Record<string, Json>, idempotencyKey: string): Promise<StartOutcome> {
  const given = asObject(variables.dealer);
  const code = typeof given?.code === 'string' ? given.code : undefined;
  let dealer: DealerRow | null = null;
  if (ctx.user.systemRoles.includes('DEALER_USER')) {
    if (!ctx.user.dealerId) throw new AppError('FLW_ERR_NOT_ALLOWED_TO_START', { reason: 'no dealer' });
    dealer = await ctx.em.findOne(Dealer, { id: ctx.user.dealerId });
    if (!dealer || (code !== undefined && code !== dealer.code)) throw new AppError('FLW_ERR_NOT_ALLOWED_TO_START', { dealer: code ?? null });
  } else if (code !== undefined) {
    dealer = await ctx.em.findOne(Dealer, { code });
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: code });
  }
  const vars = dealer && given ? { ...variables, dealer: withDealerMasterData(given, dealer) } : variables;
  return startInstance(rt, ctx, {
    definitionKey: key, variables: vars, idempotencyKey, userId: ctx.user.id, dealerId: dealer?.id ?? null,
    fingerprint: { subject: dealer ? `dealer:${dealer.id}` : '', request: variables },
    checkStart: async (def) => {
      if (isRecordFlow(rt, key)) return;
      const form = await startFormOf(rt, ctx, def);
      if (form) checkStartForm(form, variables, ctx.locale, '/variables');
    },
  });
}
