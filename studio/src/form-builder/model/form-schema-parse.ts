import { runtimeWidgets } from './field-types';
import type { FieldModel, FieldOption, FormDocument, FormModel, Localized, OptionsSource, VisibleWhen } from './form-model';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameKeys = (o: Json, keys: string[]) => Object.keys(o).length === keys.length && keys.every((k) => k in o);

/** Takes `keys` out of `from` (a copy the caller owns) and returns them. */
function take(from: Json, ...keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) {
    if (k in from) {
      out[k] = from[k];
      delete from[k];
    }
  }
  return out;
}

/** Reads a visibility rule written by `visibilityRule`; anything else stays a plain allOf entry. */
function readVisibilityRule(entry: unknown): { target: string; rule: VisibleWhen; required: boolean } | undefined {
  if (!isObject(entry) || !isObject(entry.if) || !isObject(entry.else)) return undefined;
  if (Object.keys(entry).some((k) => !['if', 'then', 'else'].includes(k))) return undefined;
  const cond = entry.if;
  if (!sameKeys(cond, ['properties', 'required']) || !isObject(cond.properties)) return undefined;
  const [field, ...more] = Object.keys(cond.properties);
  if (!field || more.length || !Array.isArray(cond.required) || cond.required.length !== 1 || cond.required[0] !== field) return undefined;
  const test = cond.properties[field];
  let values: VisibleWhen['values'];
  if (isObject(test) && sameKeys(test, ['const'])) values = [test.const as string];
  else if (isObject(test) && sameKeys(test, ['enum']) && Array.isArray(test.enum) && test.enum.length > 1) values = test.enum as string[];
  else return undefined;
  const not = entry.else.not;
  if (!sameKeys(entry.else, ['not']) || !isObject(not) || !sameKeys(not, ['required']) || !Array.isArray(not.required) || not.required.length !== 1) return undefined;
  const target = String(not.required[0]);
  let required = false;
  if (entry.then !== undefined) {
    const then = entry.then;
    if (!isObject(then) || !sameKeys(then, ['required']) || !Array.isArray(then.required) || then.required.length !== 1 || then.required[0] !== target) return undefined;
    required = true;
  }
  return { target, rule: { field, values }, required };
}

interface Level {
  fields: FieldModel[];
  extraSchema: Json;
  extraUi: Json;
}

/** An object level (the form, a section, a line): its fields, in property order, and what is left. */
function parseLevel(schema: Json, ui: Json): Level {
  const rest = { ...schema };
  const { properties = {}, required = [], allOf } = take(rest, 'type', 'properties', 'required', 'allOf') as { properties?: Json; required?: string[]; allOf?: unknown[] };
  const rules = new Map<string, { rule: VisibleWhen; required: boolean }>();
  const otherAllOf: unknown[] = [];
  for (const entry of allOf ?? []) {
    const read = readVisibilityRule(entry);
    if (read && read.target in properties && !rules.has(read.target) && !required.includes(read.target)) rules.set(read.target, read);
    else otherAllOf.push(entry);
  }
  if (otherAllOf.length) rest.allOf = otherAllOf;
  const uiRest = { ...ui };
  const fields = Object.entries(properties).map(([key, prop]) => {
    const fieldUi = isObject(uiRest[key]) ? (uiRest[key] as Json) : {};
    delete uiRest[key];
    const rule = rules.get(key);
    return parseField(key, isObject(prop) ? prop : {}, fieldUi, rule ? rule.required : required.includes(key), rule?.rule);
  });
  return { fields, extraSchema: rest, extraUi: uiRest };
}

function readLabel(s: Json): Localized {
  const { title, 'x-label': xLabel } = take(s, 'title', 'x-label');
  if (isObject(xLabel) && typeof xLabel.zh === 'string') return { zh: xLabel.zh, ...(typeof xLabel.en === 'string' ? { en: xLabel.en } : {}) };
  return { zh: typeof title === 'string' ? title : '' };
}

function detectType(s: Json, ui: Json): FieldModel['type'] {
  const widget = ui['ui:widget'];
  const items = isObject(s.items) ? s.items : undefined;
  switch (s.type) {
    case 'object':
      return isObject(s.properties) ? 'section' : 'raw';
    case 'array':
      if (items?.type === 'object' && isObject(items.properties)) return 'lines';
      if (widget === runtimeWidgets.region && items && sameKeys(items, ['type']) && items.type === 'string' && s.uniqueItems === true) return 'region';
      return 'raw';
    case 'string':
      if (widget === runtimeWidgets.textarea) return 'textarea';
      if (widget === runtimeWidgets.region) return 'region';
      if (widget === runtimeWidgets.serverSelect) return 'server-select';
      if (widget === runtimeWidgets.file) return 'file';
      if (widget !== undefined) return 'raw';
      if (s.format === 'money') return 'money';
      if (s.format === 'date') return 'date';
      if (Array.isArray(s.enum)) return s.enum.every((v) => typeof v === 'string') ? 'select' : 'raw';
      return 'text';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'checkbox';
    default:
      return 'raw';
  }
}

export function parseField(key: string, schema: Json, ui: Json, required: boolean, visibleWhen?: VisibleWhen): FieldModel {
  const s = { ...schema };
  const u = { ...ui };
  const type = detectType(s, u);
  const field: FieldModel = { key, type, label: readLabel(s), required, extraSchema: s, extraUi: u };
  if (visibleWhen) field.visibleWhen = visibleWhen;
  if (typeof s.description === 'string') field.description = take(s, 'description').description as string;
  if (type === 'raw') return field;
  delete s.type;
  if (['text', 'textarea', 'number', 'money', 'date', 'select', 'checkbox'].includes(type) && 'default' in s) field.default = take(s, 'default').default;
  if (typeof u['ui:placeholder'] === 'string') field.placeholder = take(u, 'ui:placeholder')['ui:placeholder'] as string;
  if (['textarea', 'region', 'server-select', 'file'].includes(type)) delete u['ui:widget'];
  switch (type) {
    case 'text':
    case 'textarea':
      Object.assign(field, take(s, 'minLength', 'maxLength', 'pattern'));
      break;
    case 'number':
      if (schema.type === 'integer') field.integer = true;
      Object.assign(field, take(s, 'minimum', 'maximum'));
      break;
    case 'money':
    case 'date':
      delete s.format;
      break;
    case 'select': {
      const values = take(s, 'enum').enum as string[];
      const { 'ui:enumNames': zh, 'ui:enumNamesEn': en } = take(u, 'ui:enumNames', 'ui:enumNamesEn') as { 'ui:enumNames'?: string[]; 'ui:enumNamesEn'?: string[] };
      field.options = values.map((value, i): FieldOption => {
        const label: Localized = { zh: zh?.[i] ?? value };
        if (en && en[i] !== label.zh) label.en = en[i];
        return { value, label };
      });
      break;
    }
    case 'server-select': {
      const options = isObject(u['ui:options']) ? { ...u['ui:options'] } : undefined;
      if (options && isObject(options.optionsSource)) {
        field.source = options.optionsSource as unknown as OptionsSource;
        delete options.optionsSource;
        if (Object.keys(options).length) u['ui:options'] = options;
        else delete u['ui:options'];
      }
      break;
    }
    case 'region':
      if (schema.type === 'array') {
        field.multiple = true;
        take(s, 'items', 'uniqueItems');
      }
      break;
    case 'lines': {
      const items = take(s, 'items').items as Json;
      Object.assign(field, take(s, 'minItems', 'maxItems'));
      const itemsUi = isObject(u.items) ? u.items : {};
      const level = parseLevel(items, itemsUi);
      field.columns = level.fields;
      field.extraItems = level.extraSchema;
      if (Object.keys(level.extraUi).length) u.items = level.extraUi;
      else delete u.items;
      break;
    }
    case 'section': {
      const level = parseLevel({ ...s, type: 'object' }, u);
      field.children = level.fields;
      field.extraSchema = level.extraSchema;
      field.extraUi = level.extraUi;
      break;
    }
  }
  return field;
}

/** The builder's model of a stored form; `toFormDocument` gives the document back. */
export function fromFormDocument(doc: FormDocument): FormModel {
  const level = parseLevel(doc.schema as Json, (doc.uiSchema ?? {}) as Json);
  return {
    ...(doc.$schema !== undefined ? { $schema: doc.$schema } : {}),
    key: doc.key,
    name: { ...doc.name },
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    fields: level.fields,
    extraSchema: level.extraSchema,
    extraUi: level.extraUi,
  };
}
