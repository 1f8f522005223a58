import { AppError } from '../schemas/errors/app-error.js';
import type { ErrorCode } from '../schemas/errors/index.js';
import { errorCodes } from '../schemas/errors/index.js';
import type { Locale } from '../schemas/ajv.js';

export type RuleErrorCode = Extract<ErrorCode, `RUL_ERR_${string}`>;

/** Throws the typed error of the rules area; `details` name the fact, step or formula involved. */
export function ruleError(code: RuleErrorCode, details: Record<string, unknown> = {}): AppError {
  const def = errorCodes[code];
  const what = details.fact ?? details.variable ?? details.name;
  return new AppError(code, details, what === undefined ? def.en : `${def.en}: ${String(what)}`);
}

/** The localized message of a rules code, with an optional subject appended. */
export function messageOf(code: RuleErrorCode, locale: Locale = 'en', subject?: string): string {
  const def = errorCodes[code];
  const base = locale === 'zh-CN' ? def.zh : def.en;
  return subject ? `${base}: ${subject}` : base;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
