import type { ErrorCode } from './index.js';

export interface AppErrorProblem {
  /** For HTTP requests: which part the pointer points into. */
  in?: 'body' | 'params' | 'querystring' | 'headers';
  /** For bundles: the file the pointer points into. */
  file?: string;
  /** JSON pointer into the document or request the problem is about. */
  pointer: string;
  code?: string;
  message: string;
}

/**
 * The typed error every layer throws. The server maps `code` to a status and a localized message
 * through the error-code table; `details` travels to the client as is, so it must never hold
 * internals (SQL, stack traces).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown> & { problems?: AppErrorProblem[] };

  constructor(code: ErrorCode, details?: AppError['details'], message?: string) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}
