import { Drawer, Empty, List, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useLabel, useT } from '../../app/i18n';
import type { VersionSummary } from '../persistence/workflow-api';
import { diffFlows, type NodeChangeKind } from '../store/flow-diff';
import { DiffCanvas } from './DiffCanvas';

const changeTag: Record<Exclude<NodeChangeKind, 'same'>, [string, string, string]> = {
  added: ['green', '新增', 'Added'], removed: ['red', '删除', 'Removed'], changed: ['orange', '修改', 'Changed'], moved: ['blue', '移动', 'Moved'],
};

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** The workflow's versions, and a visual diff between any two of them. */
export function VersionsDrawer({ open, onClose, versions }: { open: boolean; onClose(): void; versions: VersionSummary[] }) {
  const t = useT();
  const label = useLabel();
  const [fromV, setFromV] = useState<number>();
  const [toV, setToV] = useState<number>();
  useEffect(() => {
    if (!open || versions.length === 0) return;
    setToV(versions[0].version);
    setFromV((versions[1] ?? versions[0]).version);
  }, [open, versions]);
  const from = versions.find((v) => v.version === fromV);
  const to = versions.find((v) => v.version === toV);
  const diff = useMemo(() => (from && to ? diffFlows(from.document, to.document) : null), [from, to]);
  const names = useMemo(() => new Map([...(from?.document.nodes ?? []), ...(to?.document.nodes ?? [])].map((n) => [n.id, label(n.name, n.id)])), [from, to, label]);
  const changedNodes = diff ? [...diff.nodes].filter(([, k]) => k !== 'same') : [];
  const statusTag = (s: string) => <Tag color={s === 'DRAFT' ? 'gold' : s === 'PUBLISHED' ? 'green' : 'default'}>{s === 'DRAFT' ? t('草稿', 'Draft') : s === 'PUBLISHED' ? t('已发布', 'Published') : t('已替代', 'Superseded')}</Tag>;
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version} · ${v.status === 'DRAFT' ? t('草稿', 'Draft') : v.status === 'PUBLISHED' ? t('已发布', 'Published') : t('已替代', 'Superseded')}` }));
  return (
    <Drawer open={open} onClose={onClose} width="min(1100px, 92vw)" title={t('版本与对比', 'Versions and diff')} data-testid="versions-drawer" destroyOnHidden>
      <Table
        size="small" rowKey="version" pagination={false} dataSource={versions}
        onRow={(v) => ({ 'data-testid': 'version-item', 'data-version': v.version, 'data-status': v.status } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => `v${v}`, width: 80 },
          { title: t('状态', 'Status'), dataIndex: 'status', render: statusTag, width: 110 },
          { title: t('名称', 'Name'), render: (_: unknown, v: VersionSummary) => label(v.name, v.key) },
          { title: t('节点数', 'Nodes'), render: (_: unknown, v: VersionSummary) => v.document.nodes.length, width: 80 },
          { title: t('发布时间', 'Published'), dataIndex: 'publishedAt', render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '—'), width: 150 },
        ]}
      />
      <Space style={{ margin: '16px 0 8px' }} wrap>
        <Typography.Text strong>{t('对比', 'Compare')}</Typography.Text>
        <Select data-testid="diff-from" style={{ width: 170 }} value={fromV} options={options} onChange={setFromV} />
        <span>→</span>
        <Select data-testid="diff-to" style={{ width: 170 }} value={toV} options={options} onChange={setToV} />
        {(['added', 'removed', 'changed', 'moved'] as const).map((k) => <Tag key={k} color={changeTag[k][0]}>{t(changeTag[k][1], changeTag[k][2])}</Tag>)}
      </Space>
      {from && to && diff ? (
        <div style={{ display: 'flex', gap: 12, height: 420 }}>
          <div style={{ flex: 1, border: '1px solid #f0f0f0', borderRadius: 6 }}><DiffCanvas from={from.document} to={to.document} diff={diff} /></div>
          <div data-testid="diff-changes" style={{ width: 340, overflow: 'auto' }}>
            {changedNodes.length === 0 ? <Empty description={t('两个版本的节点相同', 'The nodes are the same')} /> : (
              <List
                size="small"
                dataSource={changedNodes}
                renderItem={([id, kind]) => (
                  <List.Item data-testid="diff-change" data-node-id={id} data-kind={kind} style={{ display: 'block' }}>
                    <Space><Tag color={changeTag[kind as keyof typeof changeTag][0]}>{t(changeTag[kind as keyof typeof changeTag][1], changeTag[kind as keyof typeof changeTag][2])}</Tag>{names.get(id)}</Space>
                    {(diff.changes.get(id) ?? []).map((c) => (
                      <div key={c.path} style={{ fontSize: 12, marginTop: 4, wordBreak: 'break-all' }}>
                        <Typography.Text code>{c.path}</Typography.Text> <Typography.Text delete type="secondary">{show(c.before)}</Typography.Text> → <Typography.Text>{show(c.after)}</Typography.Text>
                      </div>
                    ))}
                  </List.Item>
                )}
              />
            )}
          </div>
        </div>
      ) : <Empty />}
    </Drawer>
  );
}
