import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { RuleProblem, RuleSetDocument } from '../../../rules/index';
import { validateRuleSet } from '../../../rules/index';
import { ApiError } from '../api/client';
import type { Locale } from '../app/i18n';
import { stripPointerPrefix } from './problem-map';
import { ruleSetApi, type RuleSetVersionView } from './rule-set.api';
import { CommandStore, type Command } from './store/command-store';

export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'conflict' | 'error';

export interface LoadedVersion {
  version: number;
  status: RuleSetVersionView['status'];
  rowVersion: number;
}

const AUTOSAVE_MS = 1200;

/**
 * The open rule set: its command store, the local validation (rules/ validateRuleSet, the same
 * check the server makes) on every change, and the draft autosave (debounced PUT with rowVersion;
 * a 409 is a conflict the author resolves by reloading).
 */
export function useRuleDocument(key: string, locale: Locale) {
  const [store, setStore] = useState<CommandStore<RuleSetDocument>>();
  const [loaded, setLoaded] = useState<LoadedVersion>();
  const [loadError, setLoadError] = useState<unknown>();
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string>();
  const [serverProblems, setServerProblems] = useState<RuleProblem[]>([]);
  const savedRevision = useRef(0);
  const saving = useRef(false);
  const loadedRef = useRef<LoadedVersion | undefined>(undefined);

  const open = useCallback(async (version?: number) => {
    try {
      setLoadError(undefined);
      const versions = await ruleSetApi.versions(key);
      const pick = version ?? (versions.find((v) => v.status === 'DRAFT') ?? versions.find((v) => v.status === 'PUBLISHED') ?? versions[0]).version;
      const view = await ruleSetApi.version(key, pick);
      const { version: _v, ...doc } = view.document as RuleSetDocument;
      savedRevision.current = 0;
      setStore(new CommandStore(doc as RuleSetDocument));
      loadedRef.current = { version: view.version, status: view.status, rowVersion: view.rowVersion };
      setLoaded(loadedRef.current);
      setSaveState('saved');
      setSaveError(undefined);
      setServerProblems([]);
    } catch (err) {
      setLoadError(err);
    }
  }, [key]);

  useEffect(() => { void open(); }, [open]);

  const emptySnap = useMemo(() => new CommandStore<RuleSetDocument | undefined>(undefined), []);
  const active = (store ?? emptySnap) as CommandStore<RuleSetDocument | undefined>;
  const snap = useSyncExternalStore(active.subscribe, active.getSnapshot);
  const doc = snap.doc;

  const problems = useMemo<RuleProblem[]>(() => {
    if (!doc) return [];
    const r = validateRuleSet(doc, { locale });
    return r.ok ? [] : r.problems;
  }, [doc, locale]);

  const queued = useRef(false);
  const saveRef = useRef<() => Promise<boolean>>(async () => false);
  const save = useCallback(async (): Promise<boolean> => {
    if (!store) return false;
    if (saving.current) { queued.current = true; return false; }
    const revision = store.getSnapshot().revision;
    const base = loadedRef.current;
    saving.current = true;
    setSaveState('saving');
    try {
      const view = await ruleSetApi.saveDraft(key, store.doc, base?.status === 'DRAFT' ? base.rowVersion : undefined);
      savedRevision.current = revision;
      // read by a queued save before React renders again: a stale rowVersion would be a false 409
      loadedRef.current = { version: view.version, status: view.status, rowVersion: view.rowVersion };
      setLoaded(loadedRef.current);
      setServerProblems([]);
      setSaveError(undefined);
      setSaveState(store.getSnapshot().revision === revision ? 'saved' : 'pending');
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'CF_ERR_STALE_VERSION' || err.status === 409)) {
        setSaveState('conflict');
      } else if (err instanceof ApiError && err.problems.length > 0) {
        setServerProblems(stripPointerPrefix(err.problems.map((p) => ({ pointer: p.pointer ?? '', code: p.code ?? err.code, message: p.message })), '/document'));
        setSaveState('invalid');
      } else {
        setSaveState('error');
      }
      setSaveError(err instanceof ApiError ? err.message : String(err));
      return false;
    } finally {
      saving.current = false;
      // edits made while the request was in flight are saved right after it
      if (queued.current) {
        queued.current = false;
        if (store.getSnapshot().revision !== savedRevision.current) void saveRef.current();
      }
    }
  }, [key, store]);
  saveRef.current = save;

  // autosave: only a document the validator accepts (the server would refuse the others)
  useEffect(() => {
    if (!store || snap.revision === savedRevision.current) return;
    if (saveState === 'conflict') return;
    if (problems.length > 0) { setSaveState('invalid'); return; }
    setSaveState('pending');
    const timer = setTimeout(() => { void save(); }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snap.revision, problems]);

  const execute = useCallback((cmd: Command) => store?.execute(cmd), [store]);
  const dirty = !!store && snap.revision !== savedRevision.current;

  return {
    store, doc, snap, loaded, loadError, problems, serverProblems, setServerProblems, saveState, saveError, dirty,
    execute, save, reload: open,
  };
}
