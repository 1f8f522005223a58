import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, apiGet, apiPost, apiPut, type ApiProblem } from '../api/client';
import type { FormDocument } from './model/form-model';
import { fromFormDocument } from './model/form-schema-parse';
import { toFormDocument } from './model/form-schema-generate';
import { FormStore } from './store/form-store';

export interface FormVersionView {
  key: string;
  version: number;
  status: 'DRAFT' | 'PUBLISHED' | 'SUPERSEDED';
  name: { zh?: string; en?: string };
  createdAt?: string;
  createdBy?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
  rowVersion: number;
  document?: FormDocument & { version?: number };
}

export type SaveState = { kind: 'idle' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'failed'; error: ApiError | Error };

export const formApi = {
  versions: (key: string) => apiGet<FormVersionView[]>(`/api/forms/${encodeURIComponent(key)}/versions`),
  version: (key: string, v: number) => apiGet<FormVersionView>(`/api/forms/${encodeURIComponent(key)}/versions/${v}`),
  saveDraft: (key: string, document: FormDocument, rowVersion?: number) =>
    apiPut<FormVersionView>(`/api/forms/${encodeURIComponent(key)}/draft`, rowVersion === undefined ? { document } : { document, rowVersion }),
  validate: (key: string) => apiPost<{ ok: boolean; problems: ApiProblem[] }>(`/api/forms/${encodeURIComponent(key)}/validate`),
  validateDocument: (document: FormDocument) => apiPost<{ ok: boolean; problems: ApiProblem[] }>('/api/forms/validate-document', { document }),
  publish: (key: string) => apiPost<FormVersionView>(`/api/forms/${encodeURIComponent(key)}/publish`),
};

const AUTOSAVE_MS = 1200;

/**
 * One open form: loads the draft (or the published version to start a new draft from), keeps the
 * command store, autosaves the draft shortly after each edit under its rowVersion, and saves
 * before validating or publishing so the server checks what is on screen.
 */
export function useFormDraft(key: string) {
  const [store, setStore] = useState<FormStore | null>(null);
  const [current, setCurrent] = useState<FormVersionView | null>(null);
  const [versions, setVersions] = useState<FormVersionView[]>([]);
  const [loadError, setLoadError] = useState<unknown>();
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const savedRevision = useRef(0);
  const draftRow = useRef<number | undefined>(undefined);
  const inFlight = useRef<Promise<FormVersionView | undefined> | null>(null);

  const open = useCallback(async (version?: number) => {
    const list = await formApi.versions(key);
    setVersions(list);
    const pick = version ?? (list.find((v) => v.status === 'DRAFT') ?? list.find((v) => v.status === 'PUBLISHED') ?? list[0]).version;
    const view = await formApi.version(key, pick);
    const { version: _v, ...doc } = view.document as FormDocument & { version?: number };
    draftRow.current = list.find((v) => v.status === 'DRAFT')?.rowVersion;
    savedRevision.current = 0;
    setCurrent(view);
    setStore(new FormStore(fromFormDocument(doc)));
    setSave({ kind: 'idle' });
  }, [key]);

  useEffect(() => {
    open().catch(setLoadError);
  }, [open]);

  const snapshot = useSyncExternalStore(
    useCallback((l: () => void) => (store ? store.subscribe(l) : () => {}), [store]),
    () => store?.getSnapshot() ?? null,
  );
  const document = useMemo(() => (snapshot ? toFormDocument(snapshot.model) : null), [snapshot]);

  /** Saves the draft now when anything changed since the last save; resolves with the draft. */
  const saveNow = useCallback(async (force = false): Promise<FormVersionView | undefined> => {
    if (!store) return undefined;
    if (inFlight.current) await inFlight.current.catch(() => undefined);
    const revision = store.getSnapshot().revision;
    if (!force && revision === savedRevision.current) return undefined;
    const run = (async () => {
      setSave({ kind: 'saving' });
      try {
        const view = await formApi.saveDraft(key, toFormDocument(store.model), draftRow.current);
        draftRow.current = view.rowVersion;
        savedRevision.current = revision;
        setCurrent(view);
        setSave(store.getSnapshot().revision === revision ? { kind: 'saved', at: new Date() } : { kind: 'dirty' });
        setVersions(await formApi.versions(key));
        return view;
      } catch (err) {
        setSave({ kind: 'failed', error: err as Error });
        throw err;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      if (inFlight.current === run) inFlight.current = null;
    }
  }, [key, store]);

  // Autosave: a short pause after the last edit.
  useEffect(() => {
    if (!snapshot || snapshot.revision === savedRevision.current) return;
    setSave((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
    const timer = setTimeout(() => void saveNow().catch(() => undefined), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [snapshot, saveNow]);

  const validate = useCallback(async () => {
    await saveNow();
    return draftRow.current ? formApi.validate(key) : formApi.validateDocument(toFormDocument(store!.model));
  }, [key, saveNow, store]);

  const publish = useCallback(async () => {
    await saveNow();
    if (!draftRow.current) return undefined; // nothing changed since the published version
    const view = await formApi.publish(key);
    draftRow.current = undefined;
    setCurrent(view);
    setVersions(await formApi.versions(key));
    return view;
  }, [key, saveNow]);

  return { store, snapshot, document, current, versions, loadError, save, saveNow, validate, publish, open };
}
