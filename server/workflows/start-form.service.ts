import type { ValidateFunction } from 'ajv';
import type { FlowDefinition, Json } from '../../rules/flow/index.js';
import { compileTenantSchema, createTenantAjv, type Locale } from '../../schemas/ajv.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { formProblems } from '../../schemas/form-messages.js';
import { ConfigDocumentVersion } from '../entities/index.js';
import type { EngineContext } from './workflow-env.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** The start form of a definition, as one version of it was published, with its compiled validator. */
export interface StartForm {
  key: string;
  version: number;
  schema: Record<string, unknown>;
  /** The variable holding the form's data (the start node's `form.variable`); null: the form's fields are the start variables. */
  variable: string | null;
  validate: ValidateFunction;
}

/** A published form version never changes: its validator is compiled once per process (≈ 20–30 ms each time otherwise). */
const VALIDATOR_TTL_MS = 24 * 3600_000;

/**
 * The start form the definition's start node references: the version published now, or with `at`
 * the one in effect then (a resubmit is checked against the form its instance was started with).
 * Null when the start node names no form. A form that is not published refuses the start.
 */
export async function startFormOf(rt: WorkflowRuntime, ctx: EngineContext, def: FlowDefinition, at?: Date): Promise<StartForm | null> {
  const start = def.nodes.find((n) => n.type === 'start');
  const ref = start?.type === 'start' ? start.params.form : undefined;
  if (!ref) return null;
  const statuses = at ? ['PUBLISHED', 'SUPERSEDED'] as const : ['PUBLISHED'] as const;
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'form', key: ref.key, status: { $in: [...statuses] } }, { orderBy: { version: 'desc' } });
  const row = (at ? rows.find((r) => r.publishedAt && r.publishedAt <= at) : undefined) ?? rows.find((r) => r.status === 'PUBLISHED');
  if (!row) throw new AppError('FLW_ERR_UNKNOWN_FORM', { form: ref.key });
  const schema = (row.document as { schema?: Record<string, unknown> }).schema ?? {};
  const validate = await rt.cached(`start-form-validator/${ctx.tenantId}/${row.id}`, VALIDATOR_TTL_MS, async () =>
    compileTenantSchema(createTenantAjv(), schema, '/schema', { form: ref.key }));
  return { key: ref.key, version: row.version, schema, variable: ref.variable ?? null, validate };
}

/**
 * A flow whose instances belong to a record (the records follow its end: the order flow): its
 * variables are the record's, read by the record's own submit route, so its start form is the
 * record's form (the order API checks the record), not a description of these variables.
 */
export function isRecordFlow(rt: WorkflowRuntime, key: string): boolean {
  return rt.endHooks.some((h) => h.definitionKeys.has(key));
}

/** The form's data inside a set of variables: the bound variable, or the variables themselves. */
export function formDataIn(form: StartForm, variables: Record<string, Json>): Json | undefined {
  return form.variable === null ? variables : variables[form.variable];
}

/**
 * The variables a resubmit is checked on: with a bound variable, all of them (only that one is
 * read); with the form's fields as variables, those fields and the ones the patch names — not what
 * nodes computed since the start.
 */
export function resubmittedFormVariables(form: StartForm, variables: Record<string, Json>, patch: Record<string, Json>): Record<string, Json> {
  if (form.variable !== null) return variables;
  const props = form.schema.properties;
  const fields = new Set([...Object.keys(props !== null && typeof props === 'object' ? props : {}), ...Object.keys(patch)]);
  return Object.fromEntries(Object.entries(variables).filter(([k]) => fields.has(k)));
}

/**
 * Checks start variables against the start form's JSON Schema, with the tenant ajv setup and the
 * messages the dealer's browser shows (schemas/form-messages.ts), in the caller's language. Every
 * problem carries a JSON pointer under `prefix` (`/variables` for a start, `/formPatch` for a
 * resubmit). A bound variable that is missing is checked as an empty object, so each required
 * field is named. Throws FLW_ERR_START_FORM_INVALID (400); nothing has been written yet.
 */
export function checkStartForm(form: StartForm, variables: Record<string, Json>, locale: Locale, prefix: string): void {
  const data = formDataIn(form, variables);
  const at = form.variable === null ? prefix : `${prefix}/${form.variable}`;
  const problems = formProblems(form.validate, form.schema, form.variable !== null && data === undefined ? {} : data, locale, at)
    .map((p) => ({ in: 'body' as const, ...p }));
  if (problems.length > 0) throw new AppError('FLW_ERR_START_FORM_INVALID', { form: form.key, formVersion: form.version, problems });
}
