import { runtimeWidgets } from './field-types';
import type { FieldModel, FormDocument, FormModel, VisibleWhen } from './form-model';

type Json = Record<string, unknown>;

const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The condition of a conditional field, in JSON Schema so that the server validates the same
 * rule the renderer applies: when the condition holds the field may be required (`then`), when it
 * does not the field must be absent (`else`). The renderer hides a field whose `else` applies.
 */
export function visibilityRule(field: FieldModel, rule: VisibleWhen): Json {
  const condition = rule.values.length === 1 ? { const: rule.values[0] } : { enum: rule.values };
  return {
    if: { properties: { [rule.field]: condition }, required: [rule.field] },
    ...(field.required ? { then: { required: [field.key] } } : {}),
    else: { not: { required: [field.key] } },
  };
}

/** The JSON Schema of an object level (the form, a section, a line) from its fields. */
export function objectSchema(fields: readonly FieldModel[], extra: Json, title?: Json): Json {
  // a condition still being written (no value chosen yet) does not apply
  const conditional = (f: FieldModel) => !!f.visibleWhen && f.visibleWhen.values.length > 0;
  const required = fields.filter((f) => f.required && !conditional(f)).map((f) => f.key);
  const rules = fields.filter(conditional).map((f) => visibilityRule(f, f.visibleWhen!));
  const { allOf: extraAllOf, ...rest } = extra as { allOf?: unknown[] };
  const allOf = [...rules, ...(extraAllOf ?? [])];
  return {
    type: 'object',
    ...title,
    ...(required.length ? { required } : {}),
    ...rest,
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
    ...(allOf.length ? { allOf } : {}),
  };
}

function labelKeywords(f: FieldModel): Json {
  return defined({
    title: f.label.zh || undefined,
    'x-label': f.label.en ? { zh: f.label.zh, en: f.label.en } : undefined,
    description: f.description,
  });
}

export function fieldSchema(f: FieldModel): Json {
  const label = labelKeywords(f);
  const dflt = f.default === undefined ? {} : { default: f.default };
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { type: 'string', ...defined({ minLength: f.minLength, maxLength: f.maxLength, pattern: f.pattern }), ...label, ...dflt, ...f.extraSchema };
    case 'number':
      return { type: f.integer ? 'integer' : 'number', ...defined({ minimum: f.minimum, maximum: f.maximum }), ...label, ...dflt, ...f.extraSchema };
    case 'money':
      return { type: 'string', format: 'money', ...label, ...dflt, ...f.extraSchema };
    case 'date':
      return { type: 'string', format: 'date', ...label, ...dflt, ...f.extraSchema };
    case 'select':
      return { type: 'string', enum: (f.options ?? []).map((o) => o.value), ...label, ...dflt, ...f.extraSchema };
    case 'server-select':
    case 'file':
      return { type: 'string', ...label, ...f.extraSchema };
    case 'region':
      return f.multiple
        ? { type: 'array', items: { type: 'string' }, uniqueItems: true, ...label, ...f.extraSchema }
        : { type: 'string', ...label, ...f.extraSchema };
    case 'checkbox':
      return { type: 'boolean', ...label, ...dflt, ...f.extraSchema };
    case 'lines':
      return {
        type: 'array', ...label, ...defined({ minItems: f.minItems, maxItems: f.maxItems }), ...f.extraSchema,
        items: objectSchema(f.columns ?? [], f.extraItems ?? {}),
      };
    case 'section':
      return objectSchema(f.children ?? [], f.extraSchema, label);
    case 'raw':
      return { ...f.extraSchema, ...label };
  }
}

/** The uiSchema entry of one field; undefined when it needs none. */
export function fieldUi(f: FieldModel): Json | undefined {
  const ui: Json = {};
  const widget = {
    textarea: runtimeWidgets.textarea, region: runtimeWidgets.region, 'server-select': runtimeWidgets.serverSelect, file: runtimeWidgets.file,
  }[f.type as string];
  if (widget) ui['ui:widget'] = widget;
  if (f.placeholder) ui['ui:placeholder'] = f.placeholder;
  if (f.type === 'select' && f.options?.length) {
    ui['ui:enumNames'] = f.options.map((o) => o.label.zh || o.value);
    if (f.options.some((o) => o.label.en)) ui['ui:enumNamesEn'] = f.options.map((o) => o.label.en || o.label.zh || o.value);
  }
  const extraOptions = (f.extraUi['ui:options'] ?? {}) as Json;
  const options = f.type === 'server-select' && f.source ? { ...extraOptions, optionsSource: defined({ ...f.source }) } : extraOptions;
  Object.assign(ui, f.extraUi);
  if (Object.keys(options).length) ui['ui:options'] = options;
  else delete ui['ui:options'];
  if (f.type === 'section') Object.assign(ui, levelUi(f.children ?? []));
  if (f.type === 'lines') {
    const items = levelUi(f.columns ?? []);
    if (Object.keys(items).length) ui.items = { ...(ui.items as Json | undefined), ...items };
  }
  return Object.keys(ui).length ? ui : undefined;
}

function levelUi(fields: readonly FieldModel[]): Json {
  return defined(Object.fromEntries(fields.map((f) => [f.key, fieldUi(f)])));
}

/** The stored document of a form: JSON Schema plus uiSchema, as FormDefinition declares. */
export function toFormDocument(model: FormModel): FormDocument {
  const uiSchema = { ...model.extraUi, ...levelUi(model.fields) };
  return {
    ...(model.$schema ? { $schema: model.$schema } : {}),
    key: model.key,
    name: defined({ ...model.name }) as unknown as FormDocument['name'],
    ...(model.description ? { description: model.description } : {}),
    schema: objectSchema(model.fields, model.extraSchema) as FormDocument['schema'],
    ...(Object.keys(uiSchema).length ? { uiSchema } : {}),
  };
}
