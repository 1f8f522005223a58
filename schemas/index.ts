import { apiSchemas } from './api/index.js';
import { configSchemas } from './config/index.js';
import { flowSchemas } from './flow/index.js';
import { ruleSchemas } from './rules/index.js';

export { createAjv, ajvOptions, toProblems, pickLocale, escapePointer } from './ajv.js';
export type { Locale, ValidationProblem } from './ajv.js';

/** Every schema of the project, each with a unique `$id`. */
export const allSchemas: readonly object[] = [...apiSchemas, ...ruleSchemas, ...flowSchemas, ...configSchemas];
