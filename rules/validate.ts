import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Locale } from '../schemas/ajv.js';
import { createAjv, escapePointer, toProblems } from '../schemas/ajv.js';
import { ruleSchemas } from '../schemas/rules/index.js';
import type { RuleContext } from './evaluation.types.js';
import { checkSteps, Known } from './validate-steps.js';
import type { RuleErrorCode } from './rule-error.js';
import { messageOf } from './rule-error.js';
import type { RuleSetDocument } from './rule-set.types.js';
import { toTyped } from './typed-value.js';

export interface RuleProblem {
  pointer: string;
  code: string;
  message: string;
}

export type RuleSetValidation = { ok: true; ruleSet: RuleSetDocument } | { ok: false; problems: RuleProblem[] };

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // created on first use; ajv compiles the schemas once and is never mutated afterwards
  validator ??= createAjv(ruleSchemas).getSchema('RuleSet')!;
  return validator;
}

/** Drops the branch errors of a failed anyOf so that each bad value gets one problem, not twelve. */
function compactAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath + '/');
  const inBranch = (e: ErrorObject) => anyOfPaths.some((p) => e.schemaPath.startsWith(p) && e.keyword !== 'anyOf');
  const kept = errors.filter((e) => !inBranch(e));
  // an anyOf error inside another failed anyOf's branch also goes
  return kept.filter((e) => !(e.keyword === 'anyOf' && kept.some((o) => o !== e && o.keyword === 'anyOf' && e.schemaPath.startsWith(o.schemaPath + '/'))));
}

/**
 * Validates a rule-set document: the JSON Schema first, then what a schema cannot say — formulas
 * (syntax, allow-list, limits, unknown names), references to facts, operators and conditions,
 * table shapes, hit policies and UNIQUE overlaps, bands, and that every output is produced.
 * Each problem carries the JSON pointer of the offending value.
 */
export function validateRuleSet(doc: unknown, ctx: RuleContext = {}): RuleSetValidation {
  const locale: Locale = ctx.locale ?? 'en';
  const validate = schemaValidator();
  if (!validate(doc)) {
    const problems = toProblems(compactAnyOf(validate.errors ?? []), locale).map((p) => ({
      pointer: p.pointer,
      code: 'RUL_ERR_SCHEMA',
      message: p.message,
    }));
    return { ok: false, problems };
  }
  const ruleSet = doc as RuleSetDocument;
  const problems: RuleProblem[] = [];
  const report = (pointer: string, code: RuleErrorCode, detail?: string) => problems.push({ pointer, code, message: messageOf(code, locale, detail) });

  const known = new Known();
  ruleSet.inputs.forEach((decl, i) => {
    if (!decl.name) report(`/inputs/${i}`, 'RUL_ERR_SCHEMA', 'an input needs a name');
    else if (known.has(decl.name)) report(`/inputs/${i}/name`, 'RUL_ERR_DUPLICATE_NAME', decl.name);
    else known.addDecl(decl.name, decl);
    if (decl.default !== undefined) {
      try {
        toTyped(decl, decl.default, decl.name ?? String(i));
      } catch {
        report(`/inputs/${i}/default`, 'RUL_ERR_INVALID_FACT', `default of ${decl.name}`);
      }
    }
  });
  checkSteps(ruleSet.steps, '/steps', known, report);
  const outputNames = new Set<string>();
  ruleSet.outputs.forEach((o, i) => {
    if (!o.name) return report(`/outputs/${i}`, 'RUL_ERR_SCHEMA', 'an output needs a name');
    if (outputNames.has(o.name)) report(`/outputs/${i}/name`, 'RUL_ERR_DUPLICATE_NAME', o.name);
    outputNames.add(o.name);
    if (!known.has(o.name)) report(`/outputs/${i}/name`, 'RUL_ERR_OUTPUT_NOT_PRODUCED', o.name);
  });
  (ruleSet.testCases ?? []).forEach((t, i) => {
    for (const k of Object.keys(t.expected)) {
      if (!k.startsWith('$') && !outputNames.has(k)) report(`/testCases/${i}/expected/${escapePointer(k)}`, 'RUL_ERR_OUTPUT_NOT_PRODUCED', k);
    }
  });
  return problems.length === 0 ? { ok: true, ruleSet } : { ok: false, problems };
}
