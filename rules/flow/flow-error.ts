import { AppError } from '../../schemas/errors/app-error.js';
import type { ErrorCode } from '../../schemas/errors/index.js';

export type FlowErrorCode = Extract<ErrorCode, `FLW_ERR_${string}`>;

/** A refused command: the caller's state is untouched (the machine works on a copy). */
export function flowError(code: FlowErrorCode, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, details);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
