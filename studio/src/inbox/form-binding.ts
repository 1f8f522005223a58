/**
 * How an instance's start form maps onto its variables, and what an approver may change. A flow
 * either keeps the form's fields as top-level variables, or keeps the whole form under one variable
 * (the order flow's `order`). Field permissions are per top-level variable, as the server applies them.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type FieldAccess = 'HIDDEN' | 'READ' | 'EDIT';
export type Permissions = Record<string, FieldAccess>;

export interface FormBinding {
  /** The variable holding the form's data, or null when its fields are top-level variables. */
  root: string | null;
  fields: string[];
}

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function formFields(schema: Record<string, unknown>): string[] {
  return isObject(schema.properties as Json) ? Object.keys(schema.properties as object) : [];
}

/** The binding that explains the most of the form's fields (top-level wins a tie). */
export function bindForm(schema: Record<string, unknown>, variables: Record<string, Json>): FormBinding {
  const fields = formFields(schema);
  const direct = fields.filter((f) => f in variables).length;
  let best: { name: string; count: number } | null = null;
  for (const [name, value] of Object.entries(variables)) {
    if (!isObject(value)) continue;
    const count = fields.filter((f) => f in value).length;
    if (count > (best?.count ?? 0)) best = { name, count };
  }
  return best && best.count > direct ? { root: best.name, fields } : { root: null, fields };
}

/** Undeclared fields are read-only, as the server treats them. */
export function accessOf(binding: FormBinding, field: string, perms: Permissions): FieldAccess {
  return perms[binding.root ?? field] ?? 'READ';
}

export function formDataOf(binding: FormBinding, variables: Record<string, Json>): Record<string, Json> {
  if (binding.root !== null) {
    const v = variables[binding.root];
    return isObject(v) ? v : {};
  }
  return Object.fromEntries(binding.fields.filter((f) => f in variables).map((f) => [f, variables[f]]));
}

/**
 * The form as this approver may see it: hidden fields (or the whole form when its variable is
 * hidden) removed, read-only fields disabled. Null when nothing of it is visible.
 */
export function approverForm(schema: Record<string, unknown>, uiSchema: Record<string, unknown>, binding: FormBinding, perms: Permissions) {
  const visible = binding.fields.filter((f) => accessOf(binding, f, perms) !== 'HIDDEN');
  if (visible.length === 0) return null;
  const properties = schema.properties as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]).filter((f) => visible.includes(f)) : undefined;
  const editable = visible.filter((f) => accessOf(binding, f, perms) === 'EDIT');
  const ui: Record<string, unknown> = { ...uiSchema };
  for (const f of visible) {
    if (!editable.includes(f)) ui[f] = { ...(isObject(ui[f] as Json) ? (ui[f] as object) : {}), 'ui:disabled': true };
  }
  return {
    schema: { ...schema, properties: Object.fromEntries(visible.map((f) => [f, properties[f]])), ...(required ? { required } : {}) },
    uiSchema: ui,
    editable,
  };
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
}

/**
 * The approve body's `formPatch`: only editable fields that changed. With a root variable the whole
 * variable is sent (its untouched keys kept), since permissions are per variable.
 */
export function formPatchOf(binding: FormBinding, variables: Record<string, Json>, edited: Record<string, Json>, perms: Permissions): Record<string, Json> | undefined {
  if (binding.root !== null) {
    if ((perms[binding.root] ?? 'READ') !== 'EDIT') return undefined;
    const before = formDataOf(binding, variables);
    const after = { ...before, ...edited };
    return sameJson(before, after) ? undefined : { [binding.root]: after };
  }
  const patch: Record<string, Json> = {};
  for (const f of binding.fields) {
    if (accessOf(binding, f, perms) === 'EDIT' && f in edited && !sameJson(variables[f], edited[f])) patch[f] = edited[f];
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
