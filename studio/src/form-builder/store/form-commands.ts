import { fieldKeyPattern, fieldsAt, updateFieldsAt, type FieldModel, type FieldPath, type FormModel, type Localized } from '../model/form-model';

/** Every edit of the form builder, as data. `applyFormCommand` is the one place that performs them. */
export type FormCommand =
  | { type: 'addField'; parent: FieldPath; index: number; field: FieldModel }
  | { type: 'removeField'; path: FieldPath }
  | { type: 'moveField'; path: FieldPath; delta: -1 | 1 }
  | { type: 'updateField'; path: FieldPath; patch: Partial<Omit<FieldModel, 'key'>> }
  | { type: 'renameField'; path: FieldPath; key: string }
  | { type: 'setFormMeta'; name?: Localized; description?: string };

export class FormCommandError extends Error {
  constructor(readonly code: 'DUPLICATE_KEY' | 'BAD_KEY' | 'NO_FIELD', message: string) {
    super(message);
  }
}

const parentOf = (path: FieldPath) => path.slice(0, -1);
const last = (path: FieldPath) => path[path.length - 1];

function indexIn(fields: readonly FieldModel[], key: string): number {
  const i = fields.findIndex((f) => f.key === key);
  if (i < 0) throw new FormCommandError('NO_FIELD', `no field ${key}`);
  return i;
}

/** Siblings whose visibility depended on `key` follow it (renamed) or lose the condition (removed). */
function retarget(fields: FieldModel[], from: string, to: string | undefined): FieldModel[] {
  return fields.map((f) => {
    if (f.visibleWhen?.field !== from) return f;
    if (to !== undefined) return { ...f, visibleWhen: { ...f.visibleWhen, field: to } };
    const { visibleWhen: _dropped, ...rest } = f;
    return rest;
  });
}

/** Performs one command on an immutable model and returns the new model (the old one is untouched). */
export function applyFormCommand(model: FormModel, cmd: FormCommand): FormModel {
  switch (cmd.type) {
    case 'addField': {
      if (!fieldKeyPattern.test(cmd.field.key)) throw new FormCommandError('BAD_KEY', cmd.field.key);
      return updateFieldsAt(model, cmd.parent, (fields) => {
        if (fields.some((f) => f.key === cmd.field.key)) throw new FormCommandError('DUPLICATE_KEY', cmd.field.key);
        const at = Math.max(0, Math.min(cmd.index, fields.length));
        return [...fields.slice(0, at), cmd.field, ...fields.slice(at)];
      });
    }
    case 'removeField':
      return updateFieldsAt(model, parentOf(cmd.path), (fields) => {
        const i = indexIn(fields, last(cmd.path));
        return retarget([...fields.slice(0, i), ...fields.slice(i + 1)], last(cmd.path), undefined);
      });
    case 'moveField':
      return updateFieldsAt(model, parentOf(cmd.path), (fields) => {
        const i = indexIn(fields, last(cmd.path));
        const j = i + cmd.delta;
        if (j < 0 || j >= fields.length) return fields;
        const next = [...fields];
        [next[i], next[j]] = [next[j], next[i]];
        return next;
      });
    case 'updateField':
      return updateFieldsAt(model, parentOf(cmd.path), (fields) => {
        const i = indexIn(fields, last(cmd.path));
        const next = [...fields];
        const merged: FieldModel = { ...fields[i], ...cmd.patch };
        // a patch value of undefined clears the property
        for (const [k, v] of Object.entries(cmd.patch)) if (v === undefined) delete (merged as unknown as Record<string, unknown>)[k];
        next[i] = merged;
        return next;
      });
    case 'renameField': {
      if (!fieldKeyPattern.test(cmd.key)) throw new FormCommandError('BAD_KEY', cmd.key);
      const from = last(cmd.path);
      if (from === cmd.key) return model;
      return updateFieldsAt(model, parentOf(cmd.path), (fields) => {
        if (fields.some((f) => f.key === cmd.key)) throw new FormCommandError('DUPLICATE_KEY', cmd.key);
        const i = indexIn(fields, from);
        const next = [...fields];
        next[i] = { ...fields[i], key: cmd.key };
        return retarget(next, from, cmd.key);
      });
    }
    case 'setFormMeta': {
      const next = { ...model };
      if (cmd.name) next.name = cmd.name;
      if (cmd.description !== undefined) {
        if (cmd.description) next.description = cmd.description;
        else delete next.description;
      }
      return next;
    }
  }
}

/** True when the field exists; the UI checks before offering an edit. */
export function hasField(model: FormModel, path: FieldPath): boolean {
  try {
    return fieldsAt(model, parentOf(path)).some((f) => f.key === last(path));
  } catch {
    return false;
  }
}
