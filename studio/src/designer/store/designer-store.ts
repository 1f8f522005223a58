import type { FlowDefinition } from '../../../../rules/flow/index.js';
import { executeCommand, type DesignerCommand } from './flow-commands.js';

export interface HistoryEntry {
  command: DesignerCommand;
  inverse: DesignerCommand;
  /** What the toolbar's undo tooltip says, e.g. "移动节点". */
  label: string;
  /** Edits sharing a merge key in a row (typing into one inspector field) are one undo step. */
  mergeKey?: string;
}

export interface DesignerSnapshot {
  doc: FlowDefinition;
  /** Grows with every change of the document (edits, undo, redo, load). */
  revision: number;
  /** The revision last saved to the server; `revision !== savedRevision` means unsaved edits. */
  savedRevision: number;
  undoLabel: string | null;
  redoLabel: string | null;
}

/**
 * The one source of truth of the designer: a workflow document, changed only by commands, with
 * undo and redo stacks. Framework-free; React subscribes through useSyncExternalStore.
 */
export class DesignerStore {
  private doc: FlowDefinition;
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private listeners = new Set<() => void>();
  private revision = 0;
  private savedRevision = 0;
  private snapshot: DesignerSnapshot;

  constructor(doc: FlowDefinition, private readonly historyLimit = 500) {
    this.doc = doc;
    this.snapshot = this.makeSnapshot();
  }

  /**
   * Applies a command as one undo step. With a `mergeKey` equal to the last step's (and nothing
   * undone since), it joins that step: typing a name is one undo, not one per key.
   */
  dispatch(command: DesignerCommand, label: string = command.type, mergeKey?: string): FlowDefinition {
    const { doc, inverse } = executeCommand(this.doc, command);
    const last = this.undoStack.at(-1);
    if (mergeKey !== undefined && last?.mergeKey === mergeKey && this.redoStack.length === 0) {
      last.command = { type: 'batch', commands: [last.command, command] };
      last.inverse = { type: 'batch', commands: [inverse, last.inverse] };
      this.commit(doc);
      return doc;
    }
    this.undoStack.push({ command, inverse, label, ...(mergeKey !== undefined ? { mergeKey } : {}) });
    if (this.undoStack.length > this.historyLimit) this.undoStack.shift();
    this.redoStack = [];
    this.commit(doc);
    return doc;
  }

  undo(): boolean {
    const entry = this.undoStack.pop();
    if (!entry) return false;
    this.redoStack.push(entry);
    this.commit(executeCommand(this.doc, entry.inverse).doc);
    return true;
  }

  redo(): boolean {
    const entry = this.redoStack.pop();
    if (!entry) return false;
    this.undoStack.push(entry);
    this.commit(executeCommand(this.doc, entry.command).doc);
    return true;
  }

  /** A document loaded from the server: history starts over and it counts as saved. */
  load(doc: FlowDefinition): void {
    this.undoStack = [];
    this.redoStack = [];
    this.doc = doc;
    this.revision++;
    this.savedRevision = this.revision;
    this.emit();
  }

  markSaved(revision: number): void {
    if (this.savedRevision === revision) return;
    this.savedRevision = revision;
    this.emit();
  }

  getDocument = (): FlowDefinition => this.doc;
  getSnapshot = (): DesignerSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private commit(doc: FlowDefinition): void {
    this.doc = doc;
    this.revision++;
    this.emit();
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }

  private makeSnapshot(): DesignerSnapshot {
    return {
      doc: this.doc,
      revision: this.revision,
      savedRevision: this.savedRevision,
      undoLabel: this.undoStack.at(-1)?.label ?? null,
      redoLabel: this.redoStack.at(-1)?.label ?? null,
    };
  }
}
