import type { ErrorObject, ValidateFunction } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';
import { escapePointer, type Locale } from './ajv.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One error of a form, as the form renderer words it. */
export interface FormErrorWords {
  /** The ajv keyword (`required`, `pattern`, `format`, …). */
  keyword: string;
  /** For `format`: the format's name. */
  format?: string;
  /** The field's title in the reader's language ('' when it has none). */
  title: string;
  /** ajv's message, already in the reader's language (ajv-i18n for zh-CN). */
  message: string;
}

/**
 * The words a dealer reads for the form errors that get plain words, in the browser (the studio's
 * form renderer, `transformFormErrors`) and in the server's 400 alike: a missing field is
 * "请填写<title>", money and decimal formats say what to type. Null: the error keeps ajv's
 * (ajv-i18n's) message. `message` is shown under the field, `stack` in the form's error list.
 */
export function formErrorWords(e: FormErrorWords, locale: Locale): { message: string; stack: string } | null {
  const zh = locale === 'zh-CN';
  if (e.keyword === 'required') {
    const message = zh ? `请填写${e.title}` : `${e.title} is required`;
    return { message, stack: message };
  }
  if (e.keyword === 'format' && (e.format === 'money' || e.format === 'decimal')) {
    const message = e.format === 'money'
      ? (zh ? '请输入金额，最多两位小数（元）' : 'Enter an amount in CNY with at most two decimals')
      : (zh ? '请输入数字' : 'Enter a number');
    return { message, stack: `${e.title} ${message}`.trim() };
  }
  return null;
}

/** A field's title as the renderer shows it: its `x-label` in the reader's language, else its `title`. */
export function fieldTitle(schema: unknown, locale: Locale): string {
  if (!isObject(schema)) return '';
  const label = schema['x-label'];
  if (isObject(label)) {
    const text = locale === 'en' ? label.en ?? label.zh : label.zh ?? label.en;
    if (typeof text === 'string') return text;
  }
  return typeof schema.title === 'string' ? schema.title : '';
}

/** The sub-schema a data pointer lands on (through `properties` and `items`), or undefined. */
function schemaAt(schema: unknown, pointer: string): unknown {
  let at: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(at)) return undefined;
    if (isObject(at.properties) && key in at.properties) at = at.properties[key];
    else if (/^\d+$/.test(key) && at.items !== undefined) at = Array.isArray(at.items) ? at.items[Number(key)] : at.items;
    else return undefined;
  }
  return at;
}

export interface FormProblem {
  /** JSON pointer of the offending value: `prefix` + its place in the form data. */
  pointer: string;
  keyword: string;
  message: string;
}

/**
 * Validates form data with a validator compiled from the form's schema (the one ajv setup,
 * schemas/ajv.ts) and words every error as the form renderer does, one JSON pointer each.
 * Conditions that only repeat another field's error (`if`) are left out, as in the browser.
 */
export function formProblems(validate: ValidateFunction, schema: unknown, data: unknown, locale: Locale, prefix = ''): FormProblem[] {
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ ...e })) as ErrorObject[];
  if (locale === 'zh-CN') localizeZh(errors);
  return errors.map((e) => {
    const params = e.params as { missingProperty?: string; additionalProperty?: string; format?: string };
    let pointer = e.instancePath;
    let title = fieldTitle(schemaAt(schema, pointer), locale);
    if (e.keyword === 'required' && params.missingProperty !== undefined) {
      pointer += `/${escapePointer(params.missingProperty)}`;
      title = fieldTitle(schemaAt(schema, pointer), locale) || params.missingProperty;
    }
    const message = e.message ?? e.keyword;
    if (e.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
      // the renderer never sends a field its schema lacks; name the field rather than its parent
      pointer += `/${escapePointer(params.additionalProperty)}`;
      const words = locale === 'zh-CN' ? `不允许有额外的字段 ${params.additionalProperty}` : `must NOT have additional property '${params.additionalProperty}'`;
      return { pointer: prefix + pointer, keyword: e.keyword, message: words };
    }
    // as rjsf words them: a missing field by its own title; a format error without one; the rest after the field's title
    const words = formErrorWords({ keyword: e.keyword, format: params.format, title: e.keyword === 'required' ? title : '', message }, locale);
    return { pointer: prefix + pointer, keyword: e.keyword, message: words ? words.stack : title ? `'${title}' ${message}` : message };
  });
}
