import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Result, Select, Spin, Tag, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { RuleSetDocument } from '../../../rules/index';
import type { FlowDefinition, FlowEnv, Json } from '../../../rules/flow/index';
import { createWorkingCalendar } from '../../../rules/flow/index';
import { errorCodes, isErrorCode } from '../../../schemas/errors/index';
import { AppError } from '../../../schemas/errors/app-error';
import { ApiError } from '../api/client';
import { useAuth } from '../api/auth';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { buildSimEnv } from './session/sim-env';
import { nodeDetails, nodeRunStates, takenEdges } from './session/sim-graph';
import { replayScenario, ScenarioStore, toScenario, type ReplayResult, type SimScenario } from './session/sim-scenario';
import { allEvents, applyAction, openTasks, outcomeOf, startSession, type SimAction, type SimSession, type SimStart } from './session/sim-session';
import { declaredVariables, sampleVariables, withDealerMasterData } from './session/sim-start';
import { loadDefinitionVersions, loadTenant, ruleSetsFor, type RuleSetDocumentCache } from './sim-loader';
import { ClockBar } from './ui/ClockBar';
import { outcomeLabel } from './ui/describe';
import { EnvironmentButton } from './ui/EnvironmentButton';
import { NodePanel } from './ui/NodePanel';
import { ScenarioPanel } from './ui/ScenarioPanel';
import { SimCanvas } from './ui/SimCanvas';
import { StartPanel } from './ui/StartPanel';
import { TaskPanel } from './ui/TaskPanel';
import { TimelinePanel } from './ui/TimelinePanel';

const hourNow = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();

/** Runs a workflow's draft or a published version in the browser on the server's own pure machine. */
export default function SimulatorPage() {
  const { key = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const tenantCode = user?.tenant.code ?? '';
  const versions = useRequest(() => loadDefinitionVersions(key), [key]);
  const [chosen, setChosen] = useState<number | null>(null);
  const current = versions.data?.find((v) => v.version === chosen) ?? versions.data?.find((v) => v.status === 'DRAFT') ?? versions.data?.find((v) => v.status === 'PUBLISHED') ?? versions.data?.[0];
  const def: FlowDefinition | undefined = current?.document;
  const docCache = useRef<RuleSetDocumentCache>(new Map());
  const loaded = useRequest(async () => {
    if (!def) return undefined;
    const tenant = await loadTenant(def);
    const ruleSets = await ruleSetsFor(def, tenant.ruleSetVersions, hourNow(), docCache.current);
    return { ...tenant, sampleDocs: new Map<string, RuleSetDocument>(ruleSets.map((r) => [r.key, r.document])), ruleSets };
  }, [def]);

  const [session, setSession] = useState<SimSession | null>(null);
  const [env, setEnv] = useState<FlowEnv | null>(null);
  const [busy, setBusy] = useState(false);
  const [selectedNode, setSelectedNode] = useState<string | null>(null);
  const store = useMemo(() => new ScenarioStore(localStorage, tenantCode, key), [tenantCode, key]);
  const [scenarios, setScenarios] = useState<SimScenario[]>(() => store.list());
  const [results, setResults] = useState<Record<string, ReplayResult>>({});

  const users = loaded.data?.tenant.users;
  const userName = useCallback((id: string) => {
    if (id === 'system') return t('系统', 'System');
    const u = users?.find((x) => x.id === id);
    return u ? u.displayName : id;
  }, [users, t]);
  const nodeName = useCallback((id: string) => { const n = def?.nodes.find((x) => x.id === id); return n ? label(n.name, n.id) : id; }, [def, label]);

  const showError = useCallback((e: unknown) => {
    if (e instanceof AppError || e instanceof ApiError) {
      const def = e instanceof AppError && isErrorCode(e.code) ? errorCodes[e.code] : undefined;
      const text = def ? (locale === 'en' ? def.en : def.zh) : e.message;
      message.error({ content: `${e.code}：${text}`, key: 'sim-error' });
    } else message.error({ content: (e as Error).message, key: 'sim-error' });
  }, [locale, message]);

  /** The env of a run starting at `startAt`: the rule-set versions in effect then, compiled here. */
  const envFor = useCallback(async (startAt: string) => {
    if (!def || !loaded.data) throw new Error('not loaded');
    const ruleSets = await ruleSetsFor(def, loaded.data.ruleSetVersions, startAt, docCache.current);
    return buildSimEnv(def, { ...loaded.data.tenant, ruleSets }, startAt);
  }, [def, loaded.data]);

  const start = async (input: SimStart) => {
    if (!def || !loaded.data) return;
    setBusy(true);
    try {
      const nextEnv = await envFor(input.startAt);
      const initiator = loaded.data.tenant.users.find((u) => u.id === input.initiator);
      const variables = withDealerMasterData(input.variables, initiator, loaded.data.tenant.dealers);
      setSession(startSession(def, nextEnv, { ...input, variables }));
      setEnv(nextEnv);
      setSelectedNode(null);
    } catch (e) { showError(e); } finally { setBusy(false); }
  };

  const act = (action: SimAction) => {
    if (!session || !env) return;
    try { setSession(applyAction(session, env, action)); } catch (e) { showError(e); }
  };

  const rerun = async (scenario: SimScenario) => {
    if (!def) return;
    try {
      const scenarioEnv = await envFor(scenario.start.startAt);
      const result = replayScenario(def, scenarioEnv, scenario);
      setResults((r) => ({ ...r, [scenario.name]: result }));
      if (result.session) { setSession(result.session); setEnv(scenarioEnv); }
    } catch (e) { showError(e); }
  };

  if (versions.error) {
    const notFound = versions.error instanceof ApiError && versions.error.code === 'CF_ERR_NOT_FOUND';
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('没有这个流程', 'No such workflow') : String((versions.error as Error).message)} />;
  }
  if (!def || (loaded.loading && !loaded.data)) return <Spin style={{ margin: 48 }} />;
  if (loaded.error || !loaded.data) {
    const forbidden = loaded.error instanceof ApiError && loaded.error.status === 403;
    return <Result status={forbidden ? '403' : 'error'} title={forbidden ? t('只有业务管理员可以模拟流程', 'Only business admins can simulate workflows') : String((loaded.error as Error)?.message)} />;
  }
  const data = loaded.data;
  const state = session?.state ?? null;
  const events = session ? allEvents(session) : [];
  const runStates = state ? nodeRunStates(def, state) : {};
  const taken = takenEdges(def, events);
  const badges: Record<string, string> = {};
  if (state) for (const task of openTasks(state)) badges[task.nodeId] = `${userName(task.assignee)}${badges[task.nodeId] ? ' …' : ''}`;
  const outcome = session ? outcomeOf(session) : null;
  const statusText = !outcome ? t('未开始', 'Not started')
    : outcome.status === 'RUNNING' ? `${outcomeLabel(t, 'RUNNING')} · ${t(`${outcome.openTasks.length} 个待办`, `${outcome.openTasks.length} open task(s)`)}${outcome.openIncidents.length ? ` · ${t('有异常', 'incident')}` : ''}`
      : `${outcomeLabel(t, outcome.status)} · ${t('结束于', 'ended at')}「${outcome.endNodeId ? nodeName(outcome.endNodeId) : '—'}」`;
  const statusColor = outcome?.status === 'APPROVED' ? 'success' : outcome?.status === 'REJECTED' ? 'error' : outcome?.status === 'RUNNING' ? 'processing' : 'default';
  const calendar = createWorkingCalendar([...data.tenant.calendars].sort((a, b) => a.year - b.year));
  const defaultInitiator = data.tenant.users.find((u) => {
    const starters = def.nodes.find((n) => n.type === 'start')?.params as { starters?: { kind: string; role?: string }[] } | undefined;
    return starters?.starters?.some((s) => s.kind === 'role' && u.roles.some((r) => r.role === s.role));
  })?.id ?? user?.id ?? '';

  return (
    <div style={{ height: 'calc(100vh - 64px)', display: 'flex', flexDirection: 'column' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 16px', borderBottom: '1px solid #e5e7eb', background: '#fff', flexWrap: 'wrap' }}>
        <Button size="small" type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(`/workflows/${encodeURIComponent(key)}`)} />
        <Typography.Title level={5} style={{ margin: 0 }}>{t('流程模拟', 'Simulate')} · {label(def.name, key)}</Typography.Title>
        <Select
          size="small" style={{ width: 170 }} value={current?.version} data-testid="sim-version"
          onChange={(v) => { setChosen(v); setSession(null); setResults({}); }}
          options={(versions.data ?? []).map((v) => ({ value: v.version, label: `v${v.version} · ${v.status === 'DRAFT' ? t('草稿', 'draft') : v.status === 'PUBLISHED' ? t('已发布', 'published') : t('已替代', 'superseded')}` }))}
        />
        <Tag color={statusColor} data-testid="sim-status" style={{ fontSize: 13, padding: '2px 10px' }}>{statusText}</Tag>
        <div style={{ flex: 1 }} />
        <ClockBar now={session?.now ?? hourNow()} state={state} calendar={calendar} disabled={!session || state?.status !== 'RUNNING'} onAdvance={(to) => act({ kind: 'advance', to })} />
        <EnvironmentButton tenant={data.tenant} ruleSets={data.ruleSets} />
        {session && <Button size="small" icon={<ReloadOutlined />} data-testid="sim-reset" onClick={() => { setSession(null); setSelectedNode(null); }}>{t('重新开始', 'Start over')}</Button>}
      </div>
      <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: selectedNode ? '360px 1fr 400px' : '360px 1fr', background: '#f5f6f8' }}>
        <div style={{ overflow: 'auto', padding: 12, borderRight: '1px solid #e5e7eb', background: '#fff' }}>
          {!session ? (
            <StartPanel
              key={`${def.key}@${def.version}`} def={def} users={data.tenant.users} dealers={data.tenant.dealers} busy={busy}
              initial={{ initiator: defaultInitiator, variables: sampleVariables(def, data.sampleDocs), startAt: hourNow() }}
              sample={() => sampleVariables(def, data.sampleDocs)} declared={() => declaredVariables(def.variables) as Record<string, Json>}
              onStart={(s) => void start(s)}
            />
          ) : (
            <TaskPanel def={def} state={session.state} users={data.tenant.users} user={userName} node={nodeName} onAction={(command) => act({ kind: 'command', command })} />
          )}
          <div style={{ marginTop: 16 }}>
            <ScenarioPanel
              scenarios={scenarios} results={results} canSave={!!session}
              onSave={(name) => { if (session) { setScenarios(store.save(toScenario(name, session, new Date().toISOString()))); message.success(t('场景已保存', 'Scenario saved')); } }}
              onRerun={(s) => void rerun(s)}
              onRemove={(name) => setScenarios(store.remove(name))}
            />
          </div>
        </div>
        <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <div style={{ flex: 1, minHeight: 0 }}>
            <SimCanvas def={def} runStates={runStates} taken={taken} badges={badges} selected={selectedNode} onSelect={setSelectedNode} />
          </div>
          <div style={{ height: 270, background: '#fff', borderTop: '1px solid #e5e7eb', padding: '0 12px' }}>
            <TimelinePanel entries={session?.entries ?? []} state={state} user={userName} node={nodeName} onSelectNode={setSelectedNode} />
          </div>
        </div>
        {selectedNode && (
          <div style={{ overflow: 'hidden', padding: 8, borderLeft: '1px solid #e5e7eb', position: 'relative' }}>
            <Button size="small" type="text" style={{ position: 'absolute', right: 12, top: 12, zIndex: 1 }} onClick={() => setSelectedNode(null)} data-testid="sim-node-panel-close">✕</Button>
            <NodePanel def={def} nodeId={selectedNode} state={state} details={nodeDetails(events, selectedNode)} user={userName} node={nodeName} />
          </div>
        )}
      </div>
    </div>
  );
}
