import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../../api/client';
import type { DesignerStore } from '../store/designer-store';
import { fromServerProblems, type DesignerProblem } from '../store/flow-validation';
import { workflowApi, type VersionStatus, type VersionSummary } from './workflow-api';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error';

export interface DraftController {
  loading: boolean;
  loadError: unknown;
  versions: VersionSummary[];
  /** The version the document was loaded from or last saved as. */
  editing: { version: number; status: VersionStatus; rowVersion?: number } | null;
  save: SaveState;
  saveError: string | null;
  serverProblems: DesignerProblem[];
  publishing: boolean;
  saveNow(): Promise<boolean>;
  publish(): Promise<'published' | 'refused' | 'failed'>;
  /** After a conflict: drop local edits and load what the server has. */
  reload(): Promise<void>;
  /** After a conflict: replace the server's draft with this document. */
  overwrite(): Promise<boolean>;
  refreshVersions(): Promise<void>;
}

/**
 * Loads the workflow (its draft, else its newest published version), autosaves the draft a moment
 * after the last edit (with the row version read, so a concurrent edit is a visible 409), and publishes.
 * Drafts save while incomplete (an approval without approvers yet); publishing runs every check.
 */
export function useWorkflowDraft(key: string, store: DesignerStore, autosaveMs = 1200): DraftController {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [editing, setEditing] = useState<DraftController['editing']>(null);
  const editingRef = useRef(editing);
  editingRef.current = editing;
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'conflict' | 'error'>('idle');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<DesignerProblem[]>([]);
  const [publishing, setPublishing] = useState(false);
  const inFlight = useRef<Promise<boolean> | null>(null);

  const refreshVersions = useCallback(async () => setVersions(await workflowApi.versions(key)), [key]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const list = await workflowApi.versions(key);
      const pick = list.find((v) => v.status === 'DRAFT') ?? list.find((v) => v.status === 'PUBLISHED') ?? list[0];
      const view = await workflowApi.version(key, pick.version);
      setVersions(list);
      setEditing({ version: view.version, status: view.status, rowVersion: view.rowVersion });
      store.load(view.document ?? pick.document);
      setSaveState('idle');
      setSaveError(null);
      setServerProblems([]);
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    } finally {
      setLoading(false);
    }
  }, [key, store]);

  useEffect(() => { void load(); }, [load]);

  const put = useCallback(async (force: boolean): Promise<boolean> => {
    const { revision } = store.getSnapshot();
    const doc = store.getDocument();
    const current = editingRef.current;
    const rowVersion = !force && current?.status === 'DRAFT' ? current.rowVersion : undefined;
    setSaveState('saving');
    try {
      const view = await workflowApi.saveDraft(key, doc, rowVersion);
      setEditing({ version: view.version, status: view.status, rowVersion: view.rowVersion });
      store.markSaved(revision);
      setSaveState('idle');
      setSaveError(null);
      if (current?.status !== 'DRAFT') void refreshVersions();
      return true;
    } catch (err) {
      const conflict = err instanceof ApiError && (err.status === 409 || err.code === 'CF_ERR_STALE_VERSION');
      setSaveState(conflict ? 'conflict' : 'error');
      setSaveError(err instanceof Error ? err.message : String(err));
      if (err instanceof ApiError && err.problems.length) setServerProblems(fromServerProblems(doc, err.problems));
      return false;
    }
  }, [key, store, refreshVersions]);

  const saveNow = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    const { revision, savedRevision } = store.getSnapshot();
    if (revision === savedRevision) return true;
    const p = put(false);
    inFlight.current = p;
    try { return await p; } finally { inFlight.current = null; }
  }, [put, store]);

  const dirty = snapshot.revision !== snapshot.savedRevision;
  // what the server said was about an older document
  useEffect(() => setServerProblems([]), [snapshot.revision]);
  useEffect(() => {
    if (!dirty || loading || saveState === 'conflict' || saveState === 'saving') return;
    const timer = setTimeout(() => void saveNow(), autosaveMs);
    return () => clearTimeout(timer);
  }, [dirty, snapshot.revision, loading, saveState, saveNow, autosaveMs]);

  const publish = useCallback(async (): Promise<'published' | 'refused' | 'failed'> => {
    setPublishing(true);
    try {
      if (!(await saveNow())) return 'failed';
      const doc = store.getDocument();
      const report = await workflowApi.validate(key);
      if (!report.ok) {
        setServerProblems(fromServerProblems(doc, report.problems));
        return 'refused';
      }
      const view = await workflowApi.publish(key);
      setEditing({ version: view.version, status: view.status, rowVersion: view.rowVersion });
      setServerProblems([]);
      await refreshVersions();
      return 'published';
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        setServerProblems(fromServerProblems(store.getDocument(), err.problems));
        return 'refused';
      }
      setSaveError(err instanceof Error ? err.message : String(err));
      return 'failed';
    } finally {
      setPublishing(false);
    }
  }, [key, store, saveNow, refreshVersions]);

  const overwrite = useCallback(async () => put(true), [put]);

  const save: SaveState = saveState === 'saving' ? 'saving' : saveState === 'conflict' ? 'conflict' : saveState === 'error' && dirty ? 'error'
    : !dirty ? 'saved' : 'unsaved';

  return { loading, loadError, versions, editing, save, saveError, serverProblems, publishing, saveNow, publish, reload: load, overwrite, refreshVersions };
}
