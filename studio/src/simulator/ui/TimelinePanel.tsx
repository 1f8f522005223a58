import { Table, Tabs, Tag, Typography } from 'antd';
import type { FlowState } from '../../../../rules/flow/index';
import { useT } from '../../app/i18n';
import type { SimEntry } from '../session/sim-session';
import { describeEffect, describeEvent, shanghaiTime, type Namer } from './describe';

export interface TimelinePanelProps {
  entries: readonly SimEntry[];
  state: FlowState | null;
  user: Namer;
  node: Namer;
  onSelectNode(nodeId: string): void;
}

/** Below the canvas: the events of every step, the effects the server would perform, and the variables. */
export function TimelinePanel({ entries, state, user, node, onSelectNode }: TimelinePanelProps) {
  const t = useT();
  const events = entries.flatMap((entry) => entry.events.map((e, i) => ({ key: `${entry.index}-${i}`, step: entry.index + 1, e })));
  const effects = entries.flatMap((entry) => entry.effects.map((f, i) => ({ key: `${entry.index}-${i}`, step: entry.index + 1, at: entry.at, f })));
  const nodeOf = (data: unknown) => (data as { nodeId?: string | null }).nodeId ?? null;
  return (
    <Tabs
      size="small" style={{ height: '100%' }} tabBarStyle={{ marginBottom: 4 }}
      items={[
        {
          key: 'events', label: `${t('时间线', 'Timeline')} (${events.length})`,
          children: (
            <div data-testid="sim-timeline">
              <Table
                size="small" pagination={false} dataSource={[...events].reverse()} scroll={{ y: 170 }}
                locale={{ emptyText: t('开始模拟后，这里按顺序列出每个事件', 'Events appear here once the simulation starts') }}
                columns={[
                  { title: '#', dataIndex: 'step', width: 48 },
                  { title: t('时间', 'Time'), width: 140, render: (_, r) => shanghaiTime(r.e.at) },
                  { title: t('事件', 'Event'), width: 150, render: (_, r) => <Tag>{r.e.type}</Tag> },
                  {
                    title: t('说明', 'What happened'),
                    render: (_, r) => {
                      const id = nodeOf(r.e.data);
                      return (
                        <span data-testid={`sim-event-${r.e.type}`}>
                          {describeEvent(r.e, t, user, node)}
                          {id && <Typography.Link style={{ marginLeft: 8 }} onClick={() => onSelectNode(id)}>{node(id)}</Typography.Link>}
                        </span>
                      );
                    },
                  },
                ]}
              />
            </div>
          ),
        },
        {
          key: 'effects', label: `${t('效果（仅列出，不执行）', 'Effects (listed, not performed)')} (${effects.length})`,
          children: (
            <Table
              size="small" pagination={false} dataSource={[...effects].reverse()} scroll={{ y: 170 }} data-testid="sim-effects"
              columns={[
                { title: '#', dataIndex: 'step', width: 48 },
                { title: t('时间', 'Time'), width: 140, render: (_, r) => shanghaiTime(r.at) },
                { title: t('类型', 'Type'), width: 150, render: (_, r) => <Tag color="gold">{r.f.type}</Tag> },
                { title: t('说明', 'What the server would do'), render: (_, r) => describeEffect(r.f, t, user) },
              ]}
            />
          ),
        },
        {
          key: 'variables', label: t('流程变量', 'Variables'),
          children: <pre data-testid="sim-variables" style={{ margin: 0, fontSize: 12, maxHeight: 200, overflow: 'auto' }}>{JSON.stringify(state?.variables ?? {}, null, 2)}</pre>,
        },
      ]}
    />
  );
}
