import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, App, Button, Result, Space, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { NodeTypeId } from '../../../schemas/flow/node-types.js';
import { ApiError } from '../api/client';
import { useT } from '../app/i18n';
import { DesignerCanvas } from './canvas/DesignerCanvas';
import { emptySelection, type Selection } from './canvas/flow-elements';
import { useDesignerShortcuts } from './canvas/use-designer-shortcuts';
import { DesignerToolbar } from './DesignerToolbar';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { useWorkflowDraft } from './persistence/use-workflow-draft';
import { layoutCommand, NODE_HEIGHT, NODE_WIDTH } from './store/auto-layout';
import { copySelection, pasteCommand, type FlowClipboard } from './store/clipboard';
import { DesignerStore } from './store/designer-store';
import type { DesignerProblem } from './store/flow-validation';
import { newNode } from './store/node-defaults';
import { IssuesList } from './validation/IssuesList';
import { useLiveValidation, usePublishedReferences } from './validation/use-live-validation';
import { VersionsDrawer } from './versions/VersionsDrawer';
import './designer.css';

const placeholder = { key: 'loading', name: { zh: '', en: '' }, variables: [], nodes: [], edges: [] };

function Designer({ workflowKey }: { workflowKey: string }) {
  const t = useT();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const flow = useReactFlow();
  const store = useMemo(() => new DesignerStore(placeholder), []);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const doc = snapshot.doc;
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const clipboard = useRef<FlowClipboard | null>(null);
  const pasteCount = useRef(0);
  const refs = usePublishedReferences();
  const [serverProblems, setServerProblems] = useState<DesignerProblem[]>([]);
  const validation = useLiveValidation(doc, refs, serverProblems);
  // an incomplete draft saves too (the server keeps work in progress); publishing runs every check
  const draft = useWorkflowDraft(workflowKey, store);
  useEffect(() => setServerProblems(draft.serverProblems), [draft.serverProblems]);

  const selectedNode = selection.nodes.size === 1 ? doc.nodes.find((n) => selection.nodes.has(n.id)) ?? null : null;

  const focusNode = useCallback((id: string) => {
    const node = store.getDocument().nodes.find((n) => n.id === id);
    if (!node) return;
    setSelection({ nodes: new Set([id]), edges: new Set() });
    const p = node.position ?? { x: 0, y: 0 };
    void flow.setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
  }, [flow, store]);

  const addAtCentre = useCallback((type: NodeTypeId) => {
    const box = document.querySelector('[data-testid="designer-canvas"]')?.getBoundingClientRect();
    const at = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
    const node = newNode(type, store.getDocument(), { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
    store.dispatch({ type: 'addNode', node }, t('添加节点', 'Add node'));
    setSelection({ nodes: new Set([node.id]), edges: new Set() });
  }, [flow, store, t]);

  const undo = useCallback(() => { store.undo(); }, [store]);
  const redo = useCallback(() => { store.redo(); }, [store]);
  const save = useCallback(async () => {
    const ok = await draft.saveNow();
    if (ok) void message.success({ content: t('草稿已保存', 'Draft saved'), key: 'save' });
  }, [draft, message, t]);

  const removeSelection = useCallback(() => {
    const current = store.getDocument();
    const nodeIds = current.nodes.filter((n) => selection.nodes.has(n.id)).map((n) => n.id);
    const edgeIds = current.edges.filter((e) => selection.edges.has(e.id) && !selection.nodes.has(e.from) && !selection.nodes.has(e.to)).map((e) => e.id);
    if (!nodeIds.length && !edgeIds.length) return;
    store.dispatch({ type: 'removeElements', nodeIds, edgeIds }, nodeIds.length ? t('删除节点', 'Delete nodes') : t('删除连线', 'Delete edges'));
    setSelection(emptySelection);
  }, [selection, store, t]);

  const copy = useCallback(() => {
    const clip = copySelection(store.getDocument(), selection.nodes);
    if (!clip) return;
    clipboard.current = clip;
    pasteCount.current = 0;
    void message.info({ content: t(`已复制 ${clip.nodes.length} 个节点`, `Copied ${clip.nodes.length} nodes`), key: 'clip' });
  }, [message, selection.nodes, store, t]);

  const paste = useCallback(() => {
    if (!clipboard.current) return;
    const n = ++pasteCount.current;
    const pasted = pasteCommand(store.getDocument(), clipboard.current, { x: 40 * n, y: 40 * n });
    if (!pasted) return;
    store.dispatch(pasted.command, t('粘贴', 'Paste'));
    setSelection({ nodes: new Set(pasted.nodeIds), edges: new Set() });
  }, [store, t]);

  const selectAll = useCallback(() => {
    const current = store.getDocument();
    setSelection({ nodes: new Set(current.nodes.map((n) => n.id)), edges: new Set(current.edges.map((e) => e.id)) });
  }, [store]);

  const layout = useCallback(() => {
    store.dispatch(layoutCommand(store.getDocument()), t('自动布局', 'Auto-layout'));
    requestAnimationFrame(() => void flow.fitView({ duration: 300, maxZoom: 1.2 }));
  }, [flow, store, t]);

  const publish = useCallback(async () => {
    if (validation.problems.length) {
      void message.error({ content: t(`还有 ${validation.problems.length} 个问题，修正后才能发布`, `${validation.problems.length} problems must be fixed before publishing`), key: 'publish' });
      return;
    }
    const outcome = await draft.publish();
    if (outcome === 'published') void message.success({ content: t('已发布新版本', 'Published a new version'), key: 'publish' });
    else if (outcome === 'refused') void message.error({ content: t('服务器校验未通过，请查看问题列表', 'The server refused it; see the problems list'), key: 'publish' });
    else if (draft.saveError) void message.error({ content: draft.saveError, key: 'publish' });
  }, [draft, message, t, validation.problems.length]);

  const simulate = useCallback(async () => {
    if (snapshot.revision !== snapshot.savedRevision) await draft.saveNow();
    navigate(`/workflows/${encodeURIComponent(workflowKey)}/simulate`);
  }, [draft, navigate, snapshot.revision, snapshot.savedRevision, workflowKey]);

  useDesignerShortcuts({ undo, redo, save: () => void save(), copy, paste, remove: removeSelection, selectAll }, !draft.loading);

  const pickIssue = useCallback((p: DesignerProblem) => { if (p.nodeId) focusNode(p.nodeId); }, [focusNode]);

  if (draft.loadError) {
    const notFound = draft.loadError instanceof ApiError && draft.loadError.status === 404;
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('流程不存在', 'No such workflow') : t('加载失败', 'Could not load')} subTitle={String((draft.loadError as Error).message ?? '')} extra={<Button onClick={() => navigate('/workflows')}>{t('返回流程列表', 'Back to workflows')}</Button>} />;
  }
  if (draft.loading && doc === placeholder) return <Spin style={{ margin: 48 }} />;

  return (
    <div className="cf-designer" style={{ height: 'calc(100vh - 64px)', display: 'flex', flexDirection: 'column' }}>
      <DesignerToolbar
        doc={doc} draft={draft} undoLabel={snapshot.undoLabel} redoLabel={snapshot.redoLabel} problemCount={validation.problems.length}
        onUndo={undo} onRedo={redo} onSave={() => void save()} onLayout={layout} onFitView={() => void flow.fitView({ duration: 300, maxZoom: 1.2 })}
        onPublish={() => void publish()} onVersions={() => { void draft.refreshVersions(); setVersionsOpen(true); }} onSimulate={() => void simulate()}
      />
      {draft.save === 'conflict' && (
        <Alert
          type="error" showIcon data-testid="save-conflict" style={{ borderRadius: 0 }}
          message={t('保存冲突：这份草稿已被其他人修改', 'Save conflict: someone else changed this draft')}
          description={t('重新加载将放弃你的修改；覆盖将用你的版本替换服务器上的草稿。', 'Reload drops your edits; overwrite replaces the draft on the server with yours.')}
          action={<Space direction="vertical">
            <Button size="small" danger onClick={() => modal.confirm({ title: t('放弃本地修改并重新加载？', 'Drop your edits and reload?'), onOk: () => draft.reload() })}>{t('重新加载', 'Reload')}</Button>
            <Button size="small" type="primary" onClick={() => void draft.overwrite()}>{t('覆盖', 'Overwrite')}</Button>
          </Space>}
        />
      )}
      {draft.save === 'error' && draft.saveError && <Alert type="warning" showIcon message={draft.saveError} style={{ borderRadius: 0 }} />}
      <div style={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <div style={{ width: 168, borderRight: '1px solid #e5e7eb', overflow: 'auto', background: '#fafafa' }}>
          <Palette onAdd={addAtCentre} />
        </div>
        <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          <div style={{ flex: 1, minHeight: 0 }}>
            <DesignerCanvas store={store} doc={doc} selection={selection} onSelectionChange={setSelection} validation={validation} />
          </div>
          <div style={{ height: 170, borderTop: '1px solid #e5e7eb', background: '#fff' }}>
            <IssuesList doc={doc} problems={validation.problems} onPick={pickIssue} />
          </div>
        </div>
        <div style={{ width: 360, borderLeft: '1px solid #e5e7eb', overflow: 'auto', background: '#fff' }}>
          <Inspector store={store} node={selectedNode} selectedCount={selection.nodes.size} />
        </div>
      </div>
      <VersionsDrawer open={versionsOpen} onClose={() => setVersionsOpen(false)} versions={draft.versions} />
    </div>
  );
}

/** The workflow designer at /studio/workflows/:key. */
export default function DesignerPage() {
  const { key = '' } = useParams();
  return (
    <ReactFlowProvider key={key}>
      <Designer workflowKey={key} />
    </ReactFlowProvider>
  );
}
