import type { StoredFieldType } from './field-types';

/** The builder's model of a form: what the palette and the properties panel edit. */
export interface Localized {
  zh: string;
  en?: string;
}

export interface FieldOption {
  value: string;
  label: Localized;
}

/** Where a server select loads its options: a GET under /api/, the keys of each item to show and store. */
export interface OptionsSource {
  url: string;
  valueKey: string;
  labelKey: string;
  labelEnKey?: string;
}

/** "Show when field X equals v" (one value) or "is one of v1, v2…" (several). X is a sibling field. */
export interface VisibleWhen {
  field: string;
  values: (string | number | boolean)[];
}

export interface FieldModel {
  key: string;
  type: StoredFieldType;
  label: Localized;
  description?: string;
  required: boolean;
  placeholder?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** Numbers: whole numbers only. */
  integer?: boolean;
  /** Lines tables: how many lines. */
  minItems?: number;
  maxItems?: number;
  options?: FieldOption[];
  source?: OptionsSource;
  /** Region picker: several regions (an array of codes). */
  multiple?: boolean;
  /** Lines table columns, and the fields of a section. */
  columns?: FieldModel[];
  children?: FieldModel[];
  default?: unknown;
  visibleWhen?: VisibleWhen;
  /** Keywords of the stored schema the builder does not edit, kept as they were. */
  extraSchema: Record<string, unknown>;
  /** The same for the uiSchema of the field. */
  extraUi: Record<string, unknown>;
  /** Lines tables: keywords of the line object (e.g. additionalProperties). */
  extraItems?: Record<string, unknown>;
}

export interface FormModel {
  /** The document's `$schema` (where editors find FormDefinition). */
  $schema?: string;
  key: string;
  name: Localized;
  description?: string;
  fields: FieldModel[];
  extraSchema: Record<string, unknown>;
  extraUi: Record<string, unknown>;
}

/** The stored form document (schemas/config FormDefinition). */
export interface FormDocument {
  $schema?: string;
  key: string;
  name: Localized;
  description?: string;
  schema: { type: 'object'; properties: Record<string, unknown>; [k: string]: unknown };
  uiSchema?: Record<string, unknown>;
}

export const fieldKeyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A path to a field: the keys from the top level down through sections. */
export type FieldPath = readonly string[];

export function fieldsAt(model: FormModel, parent: FieldPath): FieldModel[] {
  let fields = model.fields;
  for (const key of parent) {
    const section = fields.find((f) => f.key === key);
    if (!section?.children) throw new Error(`no section at ${parent.join('/')}`);
    fields = section.children;
  }
  return fields;
}

export function findField(model: FormModel, path: FieldPath): FieldModel | undefined {
  if (path.length === 0) return undefined;
  try {
    return fieldsAt(model, path.slice(0, -1)).find((f) => f.key === path[path.length - 1]);
  } catch {
    return undefined;
  }
}

/** Replaces the list of fields under `parent` with what `update` returns; the rest of the model is shared. */
export function updateFieldsAt(model: FormModel, parent: FieldPath, update: (fields: FieldModel[]) => FieldModel[]): FormModel {
  const rec = (fields: FieldModel[], depth: number): FieldModel[] => {
    if (depth === parent.length) return update(fields);
    return fields.map((f) => (f.key === parent[depth] ? { ...f, children: rec(f.children ?? [], depth + 1) } : f));
  };
  return { ...model, fields: rec(model.fields, 0) };
}

/** Every key in use under `parent` and, to keep keys unique form-wide, everywhere else. */
export function allKeys(fields: readonly FieldModel[]): Set<string> {
  const keys = new Set<string>();
  const walk = (list: readonly FieldModel[]) => {
    for (const f of list) {
      keys.add(f.key);
      if (f.children) walk(f.children);
      if (f.columns) walk(f.columns);
    }
  };
  walk(fields);
  return keys;
}

export function newFormModel(key: string, name: Localized): FormModel {
  return { $schema: '/schemas/FormDefinition.json', key, name, fields: [], extraSchema: { additionalProperties: false }, extraUi: {} };
}
