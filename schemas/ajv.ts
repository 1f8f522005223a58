import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import localizeZh from 'ajv-i18n/localize/zh';
import { AppError } from './errors/app-error.js';
import { findUnsafePatterns, tenantRegExp } from './tenant-pattern.js';

export type Locale = 'zh-CN' | 'en';

/**
 * The one ajv configuration used by the server (Fastify routes), the CLI and the browser.
 * No coercion and no stripping: the dealer's browser and the server must reject the same input.
 */
export const ajvOptions: Options = {
  allErrors: true,
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: false,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
  // `x-` annotations (display hints, zh/en labels) are kept as data for the studio.
  keywords: ['x-label', 'x-display', 'x-money', 'x-valueType', 'x-customFields', 'x-dictionary'],
};

/** The project's formats, on every ajv it makes. */
function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv);
  ajv.addFormat('money', /^-?\d{1,15}(\.\d{1,2})?$/);
  ajv.addFormat('decimal', /^-?\d{1,20}(\.\d{1,20})?$/);
  return ajv;
}

export function createAjv(schemas: readonly object[] = []): Ajv {
  const ajv = withFormats(new Ajv(ajvOptions));
  for (const s of schemas) ajv.addSchema(s);
  return ajv;
}

/**
 * The ajv for JSON Schemas a tenant writes (custom fields, forms): the same configuration, but its
 * `pattern` / `patternProperties` go through `tenantRegExp` (tenant-pattern.ts): compiling a pattern
 * the static check refuses throws, and no pattern runs on a string longer than the input bound.
 */
export function createTenantAjv(): Ajv {
  return withFormats(new Ajv({ ...ajvOptions, code: { regExp: tenantRegExp } }));
}

/**
 * Compiles a schema a tenant stored with a tenant ajv. One stored before patterns were checked and
 * holding an unsafe one is refused (CFG_ERR_UNSAFE_PATTERN, each pattern's pointer under `pointer`),
 * never run.
 */
export function compileTenantSchema(ajv: Ajv, schema: object, pointer: string, details: Record<string, unknown> = {}): ValidateFunction {
  const unsafe = findUnsafePatterns(schema, pointer);
  if (unsafe.length) throw new AppError('CFG_ERR_UNSAFE_PATTERN', { ...details, problems: unsafe.map((p) => ({ pointer: p.pointer, message: p.message })) });
  return ajv.compile(schema);
}

export interface ValidationProblem {
  /** JSON pointer of the offending value, relative to the validated document. */
  pointer: string;
  keyword: string;
  message: string;
}

/** Turns ajv errors into problems with a JSON pointer each, in the requested language. */
export function toProblems(errors: readonly ErrorObject[] | null | undefined, locale: Locale = 'en', prefix = ''): ValidationProblem[] {
  if (!errors || errors.length === 0) return [];
  const copy = errors.map((e) => ({ ...e }));
  if (locale === 'zh-CN') localizeZh(copy);
  return copy.map((e) => {
    let pointer = e.instancePath;
    if (e.keyword === 'required') pointer += '/' + escapePointer(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties') pointer += '/' + escapePointer(String((e.params as { additionalProperty: string }).additionalProperty));
    const message = e.keyword === 'additionalProperties' && locale === 'en'
      ? `must NOT have additional property '${(e.params as { additionalProperty: string }).additionalProperty}'`
      : e.message ?? e.keyword;
    return { pointer: prefix + pointer, keyword: e.keyword, message };
  });
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Picks zh-CN or en from an Accept-Language header (highest q wins); English when neither is asked for. */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
