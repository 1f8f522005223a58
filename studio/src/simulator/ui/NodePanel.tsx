import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Card, Collapse, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import type { ConditionTrace, TraceEntry } from '../../../../rules/index';
import type { FlowDefinition, FlowState } from '../../../../rules/flow/index';
import { isNodeTypeId, nodeTypes } from '../../../../schemas/flow/node-types';
import { useLabel, useT } from '../../app/i18n';
import type { NodeVisitDetail } from '../session/sim-graph';
import { describeEvent, shanghaiTime, type Namer } from './describe';

const Json = ({ value }: { value: unknown }) => (
  <pre style={{ margin: 0, fontSize: 12, background: '#fafafa', padding: 8, borderRadius: 4, maxHeight: 260, overflow: 'auto' }}>{JSON.stringify(value, null, 2)}</pre>
);

const Verdict = ({ result }: { result?: boolean }) =>
  result === true ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : result === false ? <CloseCircleFilled style={{ color: '#f5222d' }} /> : <MinusCircleOutlined style={{ color: '#bfbfbf' }} />;

function ConditionLine({ c, depth }: { c: ConditionTrace; depth: number }) {
  const text = c.group
    ? `${c.group.toUpperCase()}${c.condition ? ` (${c.condition})` : ''}`
    : `${c.fact ?? ''}${c.path ? ` ${c.path}` : ''} ${c.operator ?? ''} ${JSON.stringify(c.value)}  ← ${JSON.stringify(c.factValue)}`;
  return (
    <>
      <div style={{ paddingLeft: depth * 14, fontFamily: 'monospace', fontSize: 12 }}><Verdict result={c.result} /> {text}</div>
      {c.children?.map((child, i) => <ConditionLine key={i} c={child} depth={depth + 1} />)}
    </>
  );
}

/** The explain trace of one rule evaluation: every rule, row and assignment with its conditions. */
export function RuleTraceView({ trace }: { trace: TraceEntry[] }) {
  return (
    <div data-testid="sim-rule-trace" style={{ maxHeight: 360, overflow: 'auto' }}>
      {trace.map((e, i) => (
        <div key={i} style={{ borderBottom: '1px dashed #f0f0f0', padding: '4px 0' }}>
          <div style={{ fontSize: 12 }}>
            <Tag color={e.kind === 'output' ? 'purple' : e.matched === false ? 'default' : 'blue'}>{e.kind}</Tag>
            <Typography.Text strong={e.matched !== false} type={e.matched === false ? 'secondary' : undefined}>
              {e.at ? `${e.at} ` : ''}{e.step}{e.rule !== undefined ? ` · ${e.rule}` : ''}{e.row !== undefined ? ` · ${e.row}` : ''}{e.variable ? ` · ${e.variable} ← ${e.from ?? ''}` : ''}
            </Typography.Text>
            {e.matched !== undefined && <span style={{ marginLeft: 6 }}><Verdict result={e.matched} /></span>}
          </div>
          {e.conditions?.map((c, j) => <ConditionLine key={j} c={c} depth={1} />)}
          {e.assigned && Object.keys(e.assigned).length > 0 && (
            <div style={{ paddingLeft: 14, fontFamily: 'monospace', fontSize: 12, color: '#531dab' }}>
              {Object.entries(e.assigned).map(([k, v]) => <div key={k}>{k} = {JSON.stringify(v)}</div>)}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

export interface NodePanelProps {
  def: FlowDefinition;
  nodeId: string;
  state: FlowState | null;
  details: NodeVisitDetail[];
  user: Namer;
  node: Namer;
}

/** What happened at one node: rule inputs, outputs and trace; gateway choices; the node's tasks and decisions. */
export function NodePanel({ def, nodeId, state, details, user, node }: NodePanelProps) {
  const t = useT();
  const label = useLabel();
  const n = def.nodes.find((x) => x.id === nodeId);
  if (!n) return null;
  const type = isNodeTypeId(n.type) ? nodeTypes[n.type] : undefined;
  const tasks = state?.tasks.filter((x) => x.nodeId === nodeId) ?? [];
  const rules = details.filter((d) => d.kind === 'rule');
  const others = details.filter((d) => d.kind !== 'rule' && d.kind !== 'enter');
  return (
    <Card
      size="small" data-testid="sim-node-panel" style={{ height: '100%', overflow: 'auto' }}
      title={<span><Tag color={type?.color}>{type ? label(type.label) : n.type}</Tag>{label(n.name, n.id)}</span>}
    >
      <Descriptions size="small" column={1} items={[
        { key: 'id', label: 'ID', children: <Typography.Text code>{n.id}</Typography.Text> },
        { key: 'visits', label: t('进入次数', 'Visits'), children: details.filter((d) => d.kind === 'enter').length },
      ]} />
      {details.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('本次模拟尚未经过此节点', 'Not reached in this run yet')} />}
      {rules.length > 0 && (
        <Collapse
          size="small" defaultActiveKey={rules.map((_, i) => `r${i}`)} style={{ marginTop: 8 }}
          items={rules.map((r, i) => ({
            key: `r${i}`,
            label: `${r.ruleSetKey} v${r.version ?? '?'} · ${shanghaiTime(r.at)}`,
            children: (
              <>
                <Typography.Text strong>{t('输入', 'Inputs')}</Typography.Text>
                <Json value={r.inputs} />
                <Typography.Text strong>{t('输出', 'Outputs')}</Typography.Text>
                <div data-testid="sim-node-outputs"><Json value={r.outputs} /></div>
                <Typography.Text strong>{t('规则轨迹', 'Rule trace')}</Typography.Text>
                <RuleTraceView trace={r.trace ?? []} />
              </>
            ),
          }))}
        />
      )}
      {tasks.length > 0 && (
        <Table
          size="small" rowKey="id" pagination={false} style={{ marginTop: 8 }} dataSource={tasks}
          columns={[
            { title: t('审批人', 'Approver'), render: (_, x) => user(x.assignee) },
            { title: t('级', 'Stage'), render: (_, x) => x.stage + 1, width: 44 },
            { title: t('状态', 'Status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'APPROVED' ? 'green' : s === 'REJECTED' ? 'red' : s === 'PENDING' ? 'blue' : 'default'}>{s}</Tag> },
            { title: t('意见', 'Comment'), dataIndex: 'comment', ellipsis: true },
          ]}
        />
      )}
      {others.length > 0 && (
        <div style={{ marginTop: 8 }}>
          {others.map((d, i) => (
            <div key={i} style={{ fontSize: 12, padding: '2px 0' }}>
              <Typography.Text type="secondary">{shanghaiTime(d.at)}</Typography.Text> {describeEvent(d.event, t, user, node)}
              {d.kind === 'gateway' && d.event.type === 'gatewayEvaluated' && (
                <div style={{ paddingLeft: 14 }}>{d.event.data.results.map((r) => <div key={r.port}><Verdict result={r.result} /> {r.port}</div>)}</div>
              )}
              {d.kind === 'variables' && <Json value={d.outputs} />}
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
