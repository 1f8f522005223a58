import type { FormLocale } from './form-validation';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field and widget names the renderer registers; stored uiSchemas name them. */
export const runtimeNames = {
  money: 'money',
  decimal: 'decimal',
  regionPicker: 'region-picker',
  serverSelect: 'server-select',
  fileUpload: 'file-upload',
  linesTable: 'lines-table',
  tags: 'tags',
} as const;

/** The schema as the dealer reads it: each `x-label` gives the title in the current language. */
export function localizeSchema(schema: unknown, locale: FormLocale): unknown {
  if (Array.isArray(schema)) return schema.map((s) => localizeSchema(s, locale));
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, localizeSchema(s, locale)]));
    else if (k === 'items' || k === 'allOf' || k === 'then' || k === 'else') out[k] = localizeSchema(v, locale);
    else out[k] = v;
  }
  const label = schema['x-label'];
  if (isObject(label)) {
    const title = locale === 'en' ? label.en ?? label.zh : label.zh ?? label.en;
    if (typeof title === 'string') out.title = title;
  }
  return out;
}

/**
 * The uiSchema as rendered: hidden fields get the hidden widget, option labels follow the language,
 * and an array of objects without a field of its own is shown as an editable lines table.
 */
export function renderUiSchema(schema: unknown, uiSchema: unknown, hidden: ReadonlySet<string>, locale: FormLocale, prefix = ''): Json {
  const ui: Json = isObject(uiSchema) ? { ...uiSchema } : {};
  if (!isObject(schema) || !isObject(schema.properties)) return ui;
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (!isObject(sub)) continue;
    const pointer = `${prefix}/${key}`;
    const own: Json = isObject(ui[key]) ? { ...(ui[key] as Json) } : {};
    if (locale === 'en' && Array.isArray(own['ui:enumNamesEn'])) own['ui:enumNames'] = own['ui:enumNamesEn'];
    if (sub.type === 'object') Object.assign(own, renderUiSchema(sub, own, hidden, locale, pointer));
    const items = sub.items;
    if (sub.type === 'array' && isObject(items) && items.type === 'object') {
      if (own['ui:field'] === undefined && own['ui:widget'] === undefined) own['ui:field'] = runtimeNames.linesTable;
      own.items = renderUiSchema(items, own.items, new Set(), locale);
    }
    // a list of free codes (e.g. region codes): typed as tags rather than one input per item
    if (sub.type === 'array' && isObject(items) && items.type === 'string' && !('enum' in items) && own['ui:widget'] === undefined && own['ui:field'] === undefined) {
      own['ui:widget'] = runtimeNames.tags;
    }
    if (hidden.has(pointer)) own['ui:widget'] = 'hidden';
    if (Object.keys(own).length) ui[key] = own;
  }
  return ui;
}
