import { adminErrors } from './admin.errors.js';
import { configErrors } from './config.errors.js';
import { coreErrors } from './core.errors.js';
import { dmsErrors } from './dms.errors.js';
import { flowErrors } from './flow.errors.js';
import { rulesErrors } from './rules.errors.js';
import { runtimeGuardErrors } from './runtime-guard.errors.js';
import type { ErrorCodeDef } from './error-code.js';

export type { ErrorCodeDef } from './error-code.js';
export { defineErrorCodes } from './error-code.js';

/**
 * The single table of error codes. Each area declares its section in its own file; this is the union.
 * A duplicate key across sections is caught by the error-table test.
 */
export const errorSections = { core: coreErrors, rules: rulesErrors, config: configErrors, flow: flowErrors, runtimeGuard: runtimeGuardErrors, dms: dmsErrors, admin: adminErrors } as const;

export const errorCodes = { ...coreErrors, ...rulesErrors, ...configErrors, ...flowErrors, ...runtimeGuardErrors, ...dmsErrors, ...adminErrors } as const satisfies Record<string, ErrorCodeDef>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorCodes, code);
}
