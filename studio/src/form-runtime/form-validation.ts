import type { ErrorSchema, RJSFSchema, RJSFValidationError, ValidatorType } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { ValidateFunction } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';
import { ajvOptions, createAjv } from '../../../schemas/ajv';
import { formErrorWords } from '../../../schemas/form-messages';

export type FormLocale = 'zh-CN' | 'en';
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The validator of the form renderer: rjsf's ajv8 validator with the project's formats (money,
 * decimal — taken from the one ajv setup in schemas/ajv.ts, never redeclared), its annotation
 * keywords and no coercion, and ajv-i18n's Chinese messages. The server checks submitted data with
 * createAjv() over the same schema, so the dealer's browser and the server accept the same data.
 */
export function createFormValidator(locale: FormLocale): ValidatorType {
  const formats = createAjv().formats as Record<string, RegExp>;
  return customizeValidator(
    {
      customFormats: { money: formats.money, decimal: formats.decimal },
      ajvOptionsOverrides: { coerceTypes: false, useDefaults: false, keywords: ajvOptions.keywords },
    },
    locale === 'zh-CN' ? localizeZh : undefined,
  );
}

/**
 * Friendlier words for the messages a dealer meets most (the one table in schemas/form-messages.ts,
 * which the server's start-form check uses too); everything else keeps ajv-i18n's text.
 */
export function transformFormErrors(locale: FormLocale) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    // "must match then schema" only repeats the error of the field the condition requires
    errors.filter((e) => e.name !== 'if').map((e) => {
      const title = e.title ?? String((e.params as { missingProperty?: string })?.missingProperty ?? '');
      const format = (e.params as { format?: string })?.format;
      const words = formErrorWords({ keyword: e.name ?? '', format, title, message: e.message ?? '' }, locale);
      return words ? { ...e, ...words } : e;
    });
}

export interface FormCheck {
  ok: boolean;
  errors: RJSFValidationError[];
  errorSchema: ErrorSchema;
}

/** Validates form data as the renderer does on submit (hidden fields already stripped). */
export function checkFormData(validator: ValidatorType, schema: RJSFSchema, data: unknown, locale: FormLocale): FormCheck {
  const { errors, errorSchema } = validator.validateFormData(data, schema, undefined, transformFormErrors(locale));
  return { ok: errors.length === 0, errors, errorSchema };
}

/**
 * Conditional fields. A field shown only under a condition is written (by the builder, or by hand)
 * as `allOf: [{ if: <condition>, then?: { required: [field] }, else: { not: { required: [field] } } }]`:
 * when the condition does not hold the field must be absent, so the renderer hides it and drops its
 * value. The condition is checked with the server's ajv, so hidden here means refused there.
 */
export class VisibilityEvaluator {
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, ValidateFunction>();

  private holds(condition: unknown, data: unknown): boolean {
    const key = JSON.stringify(condition);
    let fn = this.compiled.get(key);
    if (!fn) {
      // the type comes from the form's object level; strict ajv wants it stated around a lone condition
      fn = this.ajv.compile({ type: 'object', allOf: [condition] });
      this.compiled.set(key, fn);
    }
    return fn(data) as boolean;
  }

  /** Keys hidden at this object level for this data. */
  hiddenAt(schema: unknown, data: unknown): Set<string> {
    const hidden = new Set<string>();
    if (!isObject(schema) || !Array.isArray(schema.allOf)) return hidden;
    for (const entry of schema.allOf) {
      if (!isObject(entry) || entry.if === undefined || !isObject(entry.else) || !isObject(entry.else.not)) continue;
      const keys = entry.else.not.required;
      if (!Array.isArray(keys)) continue;
      if (!this.holds(entry.if, isObject(data) ? data : {})) for (const k of keys) hidden.add(String(k));
    }
    return hidden;
  }

  /** JSON pointers of every hidden field (sections included), for this data. */
  hiddenPointers(schema: unknown, data: unknown, prefix = ''): string[] {
    if (!isObject(schema)) return [];
    const hidden = this.hiddenAt(schema, data);
    const out = [...hidden].map((k) => `${prefix}/${k}`);
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const [key, sub] of Object.entries(props)) {
      if (hidden.has(key) || !isObject(sub) || sub.type !== 'object') continue;
      out.push(...this.hiddenPointers(sub, isObject(data) ? data[key] : undefined, `${prefix}/${key}`));
    }
    return out;
  }

  /**
   * The data without the values of hidden fields. Repeats until nothing changes: dropping one
   * value can make a condition further down fail.
   */
  strip<T>(schema: unknown, data: T): T {
    let current: unknown = data;
    for (let round = 0; round < 32; round++) {
      const next = this.stripOnce(schema, current);
      if (next === current) break;
      current = next;
    }
    return current as T;
  }

  private stripOnce(schema: unknown, data: unknown): unknown {
    if (!isObject(schema) || !isObject(data)) return data;
    const hidden = this.hiddenAt(schema, data);
    let out: Json | undefined;
    for (const key of hidden) {
      if (key in data) {
        out ??= { ...data };
        delete out[key];
      }
    }
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const [key, sub] of Object.entries(props)) {
      if (!isObject(sub) || sub.type !== 'object' || !isObject((out ?? data)[key])) continue;
      const inner = this.stripOnce(sub, (out ?? data)[key]);
      if (inner !== (out ?? data)[key]) {
        out ??= { ...data };
        out[key] = inner;
      }
    }
    return out ?? data;
  }
}
