import { CheckOutlined, CloudUploadOutlined, HistoryOutlined, RedoOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Drawer, Input, Layout, Result, Space, Spin, Table, Tag, Tooltip, Tree, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { RuleProblem, Step } from '../../../rules/index';
import { ApiError, apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { AssignStepEditor } from './AssignStepEditor';
import { DecisionTableEditor } from './DecisionTableEditor';
import { factCatalog, type StepEditorProps } from './editor-support';
import { JsonEditor } from './JsonEditor';
import { BandTableEditor, StepJsonEditor } from './OtherStepEditors';
import { isUnder, listSteps, problemsUnder, stripPointerPrefix } from './problem-map';
import { ruleSetApi, type RuleSetVersionView } from './rule-set.api';
import { RulesStepEditor } from './RulesStepEditor';
import { setValue } from './store/rule-commands';
import { TestCasePanel } from './TestCasePanel';
import { runDocumentTestCases, type TestRun } from './test-run';
import { useRuleDocument } from './use-rule-document';

const KIND_LABELS: Record<Step['kind'], [string, string]> = {
  decisionTable: ['决策表', 'Decision table'], rules: ['条件规则', 'Rules'], assign: ['公式', 'Formulas'], bandTable: ['阶梯表', 'Band table'],
  forEach: ['逐项', 'For each'], select: ['查找', 'Select'], buildList: ['列表', 'Build list'],
};

/** The rule editor: step tree, the step's editor, test cases run in the browser, autosave, validate, publish, versions. */
export default function RuleEditorPage() {
  const { key = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const { message, modal } = App.useApp();
  const rd = useRuleDocument(key, locale);
  const { doc, snap, store } = rd;
  const [selected, setSelected] = useState<string>('/steps/0');
  const [run, setRun] = useState<TestRun>();
  const [watching, setWatching] = useState(false);
  const [history, setHistory] = useState<RuleSetVersionView[]>();
  const [busy, setBusy] = useState<'validate' | 'publish'>();
  const readOnly = rd.loaded?.status === 'SUPERSEDED';

  const execute = useCallback((cmd: Parameters<typeof rd.execute>[0]) => { if (!readOnly) rd.execute(cmd); }, [rd, readOnly]);
  const problems: RuleProblem[] = useMemo(() => [...rd.problems, ...rd.serverProblems.filter((s) => !rd.problems.some((p) => p.pointer === s.pointer))], [rd.problems, rd.serverProblems]);
  const steps = useMemo(() => (doc ? listSteps(doc) : []), [doc]);
  const facts = useMemo(() => (doc ? factCatalog(doc) : { names: [], decl: () => undefined }), [doc]);
  // region operators and functions (covers, topRegion…) evaluate against the tenant's tree, as on the server
  const regionTree = useRequest(() => apiGet<{ code: string; parent: string | null }[]>('/api/regions'), []);
  const regions = regionTree.data;

  const runTests = useCallback(() => {
    if (!doc) return;
    setRun(runDocumentTestCases(doc, { locale, regions }));
    setWatching(true);
  }, [doc, locale, regions]);
  // once run, the cases follow every edit
  useEffect(() => { if (watching && doc) setRun(runDocumentTestCases(doc, { locale, regions })); }, [doc, watching, locale, regions]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (!(e.ctrlKey || e.metaKey) || readOnly) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) { e.preventDefault(); store?.undo(); }
      if (k === 'y' || (k === 'z' && e.shiftKey)) { e.preventDefault(); store?.redo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, readOnly]);

  if (rd.loadError) {
    const notFound = rd.loadError instanceof ApiError && rd.loadError.code === 'CF_ERR_NOT_FOUND';
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('没有这个规则集', 'No such rule set') : String((rd.loadError as Error).message)} extra={<Link to="/rule-sets">{t('返回列表', 'Back to the list')}</Link>} />;
  }
  if (!doc || !rd.loaded) return <Spin style={{ margin: 48 }} />;

  const validate = async () => {
    setBusy('validate');
    try {
      if (rd.dirty && !(await rd.save())) { message.error(t('草稿未能保存，请先修正问题', 'The draft could not be saved; fix the problems first')); return; }
      const report = await ruleSetApi.validate(key);
      rd.setServerProblems(report.problems);
      if (report.ok) message.success(t(`校验通过，${report.testCases?.passed ?? 0} 个用例全部通过`, `Valid; all ${report.testCases?.passed ?? 0} cases pass`));
      else if (report.problems.length) message.error(t(`有 ${report.problems.length} 个问题`, `${report.problems.length} problem(s)`));
      else message.error(t(`服务器上 ${report.testCases?.failed} 个用例失败`, `${report.testCases?.failed} case(s) fail on the server`));
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally { setBusy(undefined); }
  };
  const publish = async () => {
    setBusy('publish');
    try {
      if (rd.dirty && !(await rd.save())) { message.error(t('草稿未能保存，请先修正问题', 'The draft could not be saved; fix the problems first')); return; }
      const view = await ruleSetApi.publish(key);
      message.success(t(`已发布 v${view.version}`, `Published v${view.version}`));
      await rd.reload(view.version);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'RUL_ERR_INVALID_RULE_SET') rd.setServerProblems(stripPointerPrefix(err.problems.map((p) => ({ pointer: p.pointer ?? '', code: p.code ?? err.code, message: p.message })), '/document'));
      if (err instanceof ApiError && err.code === 'RUL_ERR_TEST_CASES_FAILED') runTests();
      modal.error({ title: t('未能发布', 'Not published'), content: err instanceof ApiError ? err.message : String(err) });
    } finally { setBusy(undefined); }
  };
  const openHistory = async () => setHistory(await ruleSetApi.versions(key));

  const saveText: Record<typeof rd.saveState, [string, string, string]> = {
    saved: ['已保存', 'Saved', 'green'], pending: ['待保存…', 'Unsaved…', 'gold'], saving: ['保存中…', 'Saving…', 'blue'],
    invalid: ['有问题，未保存', 'Problems — not saved', 'red'], conflict: ['冲突：已被他人修改', 'Conflict: changed by someone else', 'red'], error: ['保存失败', 'Save failed', 'red'],
  };
  const [szh, sen, scolor] = saveText[rd.saveState];
  const selectedRef = steps.find((s) => s.pointer === selected);
  const editorProps = selectedRef ? { doc, step: selectedRef.step, pointer: selectedRef.pointer, problems, execute, readOnly, locale, facts } : undefined;
  const count = (ptr: string) => problemsUnder(problems, ptr).length;
  const treeData = [
    { key: 'decl', title: <Badge count={count('/inputs') + count('/outputs')} size="small" offset={[8, 0]}>{t('输入与输出', 'Inputs & outputs')}</Badge> },
    ...nest(steps.map((s) => ({ ...s, title: <Badge count={count(s.pointer)} size="small" offset={[8, 0]}><span data-testid={`step-${s.path}`}>{label(s.step.label, s.step.id)} <Tag style={{ fontSize: 11 }}>{t(...KIND_LABELS[s.step.kind])}</Tag></span></Badge> }))),
  ];

  return (
    <Layout style={{ height: '100%', background: '#fff' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 16px', borderBottom: '1px solid #f0f0f0', flexWrap: 'wrap' }}>
        <Link to="/rule-sets">{t('规则集', 'Rule sets')}</Link><span>/</span>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="rule-set-title">{label(doc.name, key)}</Typography.Title>
        <Typography.Text code>{key}</Typography.Text>
        <Tag color={rd.loaded.status === 'DRAFT' ? 'orange' : rd.loaded.status === 'PUBLISHED' ? 'green' : 'default'} data-testid="version-tag">v{rd.loaded.version} {rd.loaded.status === 'DRAFT' ? t('草稿', 'draft') : rd.loaded.status === 'PUBLISHED' ? t('已发布', 'published') : t('历史', 'superseded')}</Tag>
        <Tag color={scolor} data-testid="save-state">{t(szh, sen)}</Tag>
        <span style={{ flex: 1 }} />
        <Tooltip title={snap.undoLabel ? `${t('撤销', 'Undo')}: ${label(snap.undoLabel)} (Ctrl+Z)` : undefined}><Button icon={<UndoOutlined />} disabled={!snap.canUndo || readOnly} onClick={() => store?.undo()} data-testid="btn-undo" /></Tooltip>
        <Tooltip title={snap.redoLabel ? `${t('重做', 'Redo')}: ${label(snap.redoLabel)} (Ctrl+Y)` : undefined}><Button icon={<RedoOutlined />} disabled={!snap.canRedo || readOnly} onClick={() => store?.redo()} data-testid="btn-redo" /></Tooltip>
        <Button icon={<SaveOutlined />} disabled={readOnly} loading={rd.saveState === 'saving'} onClick={() => void rd.save()} data-testid="btn-save">{t('保存', 'Save')}</Button>
        <Button icon={<CheckOutlined />} loading={busy === 'validate'} disabled={readOnly} onClick={() => void validate()} data-testid="btn-validate">{t('校验', 'Validate')}</Button>
        <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} disabled={readOnly || problems.length > 0} onClick={() => void publish()} data-testid="btn-publish">{t('发布', 'Publish')}</Button>
        <Button icon={<HistoryOutlined />} onClick={() => void openHistory()} data-testid="btn-history">{t('版本', 'Versions')}</Button>
      </div>
      {rd.saveState === 'conflict' && (
        <Alert type="error" banner showIcon data-testid="save-conflict" message={t('草稿已被他人修改（409），你的修改未保存。', 'Someone else changed the draft (409); your edits are not saved.')}
          action={<Button size="small" danger onClick={() => void rd.reload()}>{t('重新加载（放弃我的修改）', 'Reload (drop my edits)')}</Button>} />
      )}
      {readOnly && <Alert type="info" banner message={t(`正在查看历史版本 v${rd.loaded.version}（只读）`, `Viewing superseded version v${rd.loaded.version} (read-only)`)} action={<Button size="small" onClick={() => void rd.reload()}>{t('回到当前版本', 'Back to the current version')}</Button>} />}
      {problems.length > 0 && (
        <Alert type="warning" banner data-testid="problem-summary" message={t(`${problems.length} 个问题`, `${problems.length} problem(s)`) + '：' + problems.slice(0, 3).map((p) => `${p.pointer} ${p.message}`).join('；')} />
      )}
      <Layout style={{ background: '#fff', minHeight: 0 }}>
        <Layout.Sider width={260} theme="light" style={{ borderRight: '1px solid #f0f0f0', overflow: 'auto' }}>
          <Tree data-testid="step-tree" blockNode defaultExpandAll selectedKeys={[selected]} treeData={treeData} onSelect={(k) => k[0] !== undefined && setSelected(String(k[0]))} style={{ padding: 8 }} key={steps.length} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, overflow: 'auto', minWidth: 0 }}>
          {selected === 'decl' ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Title level={5}>{t('名称', 'Name')}</Typography.Title>
              <Space.Compact block>
                <Input addonBefore="中文" defaultValue={doc.name.zh} key={`zh${doc.name.zh}`} disabled={readOnly} onBlur={(e) => execute(setValue(doc, '/name/zh', e.target.value))} />
                <Input addonBefore="EN" defaultValue={doc.name.en} key={`en${doc.name.en}`} disabled={readOnly} onBlur={(e) => execute(setValue(doc, '/name/en', e.target.value))} />
              </Space.Compact>
              <Typography.Title level={5}>{t('输入', 'Inputs')}</Typography.Title>
              <JsonEditor value={doc.inputs} readOnly={readOnly} rows={12} problems={problemsUnder(problems, '/inputs')} onCommit={(v) => execute(setValue(doc, '/inputs', v, { zh: '修改输入', en: 'Edit the inputs' }))} />
              <Typography.Title level={5}>{t('输出', 'Outputs')}</Typography.Title>
              <JsonEditor value={doc.outputs} readOnly={readOnly} rows={12} problems={problemsUnder(problems, '/outputs')} onCommit={(v) => execute(setValue(doc, '/outputs', v, { zh: '修改输出', en: 'Edit the outputs' }))} />
            </Space>
          ) : editorProps ? (
            <>
              <Space style={{ marginBottom: 12 }} align="baseline">
                <Typography.Title level={4} style={{ margin: 0 }}>{label(editorProps.step.label, editorProps.step.id)}</Typography.Title>
                <Typography.Text type="secondary">{selectedRef!.path}</Typography.Text>
              </Space>
              {problems.filter((p) => p.pointer === editorProps.pointer || isUnder(p.pointer, `${editorProps.pointer}/id`)).map((p, i) => <Alert key={i} type="error" message={p.message} style={{ marginBottom: 8 }} />)}
              <StepEditor {...editorProps} />
            </>
          ) : <Result status="info" title={t('选择左侧的步骤', 'Select a step on the left')} />}
        </Layout.Content>
        <Layout.Sider width={420} theme="light" style={{ borderLeft: '1px solid #f0f0f0', overflow: 'auto' }}>
          <TestCasePanel doc={doc} run={run} onRun={runTests} execute={execute} readOnly={readOnly} />
        </Layout.Sider>
      </Layout>
      <Drawer open={history !== undefined} onClose={() => setHistory(undefined)} title={t('版本历史', 'Version history')} width={560}>
        <Table<RuleSetVersionView> size="small" rowKey="version" dataSource={history ?? []} pagination={false} data-testid="version-history"
          columns={[
            { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'DRAFT' ? 'orange' : s === 'PUBLISHED' ? 'green' : 'default'}>{s === 'DRAFT' ? t('草稿', 'Draft') : s === 'PUBLISHED' ? t('已发布', 'Published') : t('已被取代', 'Superseded')}</Tag> },
            { title: t('创建', 'Created'), dataIndex: 'createdAt', render: (d: string) => new Date(d).toLocaleString(locale) },
            { title: t('发布', 'Published'), dataIndex: 'publishedAt', render: (d: string | null) => (d ? new Date(d).toLocaleString(locale) : '—') },
            { title: '', render: (_, v) => <Button size="small" onClick={() => { setHistory(undefined); void rd.reload(v.version); }}>{t('打开', 'Open')}</Button> },
          ]} />
      </Drawer>
    </Layout>
  );
}

function StepEditor(props: StepEditorProps) {
  switch (props.step.kind) {
    case 'decisionTable': return <DecisionTableEditor {...(props as StepEditorProps<typeof props.step>)} />;
    case 'rules': return <RulesStepEditor {...(props as StepEditorProps<typeof props.step>)} />;
    case 'assign': return <AssignStepEditor {...(props as StepEditorProps<typeof props.step>)} />;
    case 'bandTable': return <BandTableEditor {...(props as StepEditorProps<typeof props.step>)} />;
    default: return <StepJsonEditor {...props} />;
  }
}

interface TreeNode { key: string; title: React.ReactNode; children?: TreeNode[] }

/** Flat step refs (parents before children) → the antd tree. */
function nest(refs: { pointer: string; depth: number; title: React.ReactNode }[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const stack: { depth: number; node: TreeNode }[] = [];
  for (const r of refs) {
    const node: TreeNode = { key: r.pointer, title: r.title };
    while (stack.length && stack[stack.length - 1].depth >= r.depth) stack.pop();
    if (stack.length) (stack[stack.length - 1].node.children ??= []).push(node);
    else roots.push(node);
    stack.push({ depth: r.depth, node });
  }
  return roots;
}
