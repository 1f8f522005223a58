import type { Json } from '../../../rules/flow/index.js';
import { AppError } from '../../../schemas/errors/app-error.js';

/** An action's inputs come from instance variables: a wrong one is refused (no retry), pointing at the input. */
function refuse(name: string, message: string): never {
  throw new AppError('CF_ERR_VALIDATION', { problems: [{ pointer: `/inputs/${name}`, message }] });
}

export function requiredText(inputs: Record<string, Json>, name: string, pattern?: RegExp): string {
  const v = inputs[name];
  if (typeof v === 'number' && Number.isFinite(v)) return requiredText({ [name]: String(v) }, name, pattern);
  if (typeof v !== 'string' || v.length === 0) refuse(name, 'required text');
  if (pattern && !pattern.test(v)) refuse(name, `must match ${pattern.source}`);
  return v;
}

export function optionalText(inputs: Record<string, Json>, name: string, pattern?: RegExp): string | undefined {
  const v = inputs[name];
  return v === undefined || v === null || v === '' ? undefined : requiredText(inputs, name, pattern);
}

export function optionalCount(inputs: Record<string, Json>, name: string): number | undefined {
  const v = inputs[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) refuse(name, 'must be a whole number ≥ 0');
  return v;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
