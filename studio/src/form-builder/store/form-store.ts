import type { FormModel } from '../model/form-model';
import { applyFormCommand, type FormCommand } from './form-commands';

export interface FormStoreSnapshot {
  model: FormModel;
  canUndo: boolean;
  canRedo: boolean;
  /** Increases with every change of the model (edit, undo, redo): what autosave watches. */
  revision: number;
}

interface Entry {
  before: FormModel;
  after: FormModel;
  /** Edits with the same key in a row (typing in one input) are one step of the history. */
  coalesceKey?: string;
}

/**
 * The form builder's one way to change the form: each command is applied to an immutable model
 * and the model before it is kept, so undo gives back exactly what was there. Framework-free; the
 * page subscribes with useSyncExternalStore. One instance per open form.
 */
export class FormStore {
  private past: Entry[] = [];
  private future: Entry[] = [];
  private listeners = new Set<() => void>();
  private snap: FormStoreSnapshot;

  constructor(model: FormModel, private readonly limit = 500) {
    this.snap = { model, canUndo: false, canRedo: false, revision: 0 };
  }

  get model(): FormModel {
    return this.snap.model;
  }

  getSnapshot = (): FormStoreSnapshot => this.snap;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Applies the command (throws FormCommandError and changes nothing when it is refused). */
  execute(cmd: FormCommand, coalesceKey?: string): void {
    const before = this.snap.model;
    const after = applyFormCommand(before, cmd);
    if (after === before) return;
    const top = this.past[this.past.length - 1];
    if (coalesceKey !== undefined && top?.coalesceKey === coalesceKey && this.future.length === 0) top.after = after;
    else {
      this.past.push({ before, after, coalesceKey });
      if (this.past.length > this.limit) this.past.shift();
    }
    this.future = [];
    this.publish(after);
  }

  undo(): void {
    const entry = this.past.pop();
    if (!entry) return;
    this.future.push(entry);
    this.publish(entry.before);
  }

  redo(): void {
    const entry = this.future.pop();
    if (!entry) return;
    this.past.push({ ...entry, coalesceKey: undefined });
    this.publish(entry.after);
  }

  /** Closes the current coalescing step: the next edit starts a new one (an input lost focus). */
  seal(): void {
    const top = this.past[this.past.length - 1];
    if (top) top.coalesceKey = undefined;
  }

  private publish(model: FormModel): void {
    this.snap = { model, canUndo: this.past.length > 0, canRedo: this.future.length > 0, revision: this.snap.revision + 1 };
    for (const l of this.listeners) l();
  }
}
