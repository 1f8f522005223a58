import type { LocalizedText } from '../../../../rules/index';
import type { PatchOp } from './json-patch';
import { applyOps } from './json-patch';

/** One edit: a label for the history and the operations that make it. */
export interface Command {
  label: LocalizedText;
  ops: PatchOp[];
}

interface HistoryEntry {
  label: LocalizedText;
  ops: PatchOp[];
  inverse: PatchOp[];
}

export interface StoreSnapshot<D> {
  doc: D;
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: LocalizedText;
  redoLabel?: LocalizedText;
  /** Increases with every change (execute, undo, redo, reset): what autosave watches. */
  revision: number;
}

/**
 * The rule editor's one way to change the document (bpmn-js style): every edit is a command of
 * patch operations whose inverse is recorded, so undo and redo are exact. Framework-free; the
 * React layer subscribes with useSyncExternalStore. One instance per open document.
 */
export class CommandStore<D> {
  private past: HistoryEntry[] = [];
  private future: HistoryEntry[] = [];
  private listeners = new Set<() => void>();
  private snap: StoreSnapshot<D>;

  constructor(doc: D, private readonly limit = 500) {
    this.snap = { doc, canUndo: false, canRedo: false, revision: 0 };
  }

  get doc(): D {
    return this.snap.doc;
  }

  getSnapshot = (): StoreSnapshot<D> => this.snap;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Applies the command; a command without operations (nothing changed) records nothing. */
  execute(command: Command): void {
    if (command.ops.length === 0) return;
    const { doc, inverse } = applyOps(this.snap.doc, command.ops);
    this.past.push({ label: command.label, ops: command.ops, inverse });
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.publish(doc as D);
  }

  undo(): boolean {
    const entry = this.past.pop();
    if (!entry) return false;
    const { doc } = applyOps(this.snap.doc, entry.inverse);
    this.future.push(entry);
    this.publish(doc as D);
    return true;
  }

  redo(): boolean {
    const entry = this.future.pop();
    if (!entry) return false;
    const { doc, inverse } = applyOps(this.snap.doc, entry.ops);
    this.past.push({ ...entry, inverse });
    this.publish(doc as D);
    return true;
  }

  /** Replaces the document and forgets the history (another version was loaded). */
  reset(doc: D): void {
    this.past = [];
    this.future = [];
    this.publish(doc);
  }

  private publish(doc: D): void {
    const last = this.past[this.past.length - 1];
    const next = this.future[this.future.length - 1];
    this.snap = {
      doc,
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      undoLabel: last?.label,
      redoLabel: next?.label,
      revision: this.snap.revision + 1,
    };
    for (const l of this.listeners) l();
  }
}
