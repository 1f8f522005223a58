import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useLocale, useT } from '../app/i18n';
import { inboxApi, type InboxRow } from './inbox.api';
import { boxes, boxLabels, slaLabels, statusText, summarizeBulk, waitingFor, type Box, type BulkResult } from './inbox-format';
import { groupMoney } from './rule-words';

const statusColors: Record<string, string> = { RUNNING: 'processing', APPROVED: 'success', REJECTED: 'error', CANCELLED: 'default' };

/** 待办中心: the four boxes with counts, the list, and 批量同意 over the selected tasks. */
export default function InboxPage() {
  const t = useT();
  const label = useLabel();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const box = (boxes as readonly string[]).includes(params.get('box') ?? '') ? (params.get('box') as Box) : 'todo';
  const page = useRequest(() => inboxApi.rows(box), [box]);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const now = useMemo(() => new Date(), [page.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const rows = page.data?.rows ?? [];
  const columns: ColumnsType<InboxRow> = [
    { title: t('流程', 'Flow'), key: 'flow', render: (_, r) => <Typography.Text strong>{label(r.flowName, r.definitionKey)}</Typography.Text> },
    { title: t('经销商', 'Dealer'), key: 'dealer', render: (_, r) => (r.dealer ? `${r.dealer.name}（${r.dealer.code}）` : r.initiator.displayName) },
    {
      title: t('订单金额', 'Order amount'), key: 'amount', align: 'right',
      render: (_, r) => (r.order?.orderAmount ? <span data-testid="row-amount">¥{groupMoney(r.order.orderAmount)}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    { title: t('节点', 'Node'), key: 'node', render: (_, r) => (r.nodeId ? label(r.nodeName, r.nodeId) : '—') },
    box === 'done'
      ? { title: t('处理时间', 'Decided'), key: 'completed', render: (_, r) => (r.completedAt ? dayjs(r.completedAt).format('YYYY-MM-DD HH:mm') : '—') }
      : { title: t('等待时长', 'Waiting'), key: 'waiting', render: (_, r) => <span title={dayjs(r.waitingSince).format('YYYY-MM-DD HH:mm')}>{waitingFor(r.waitingSince, now, lang)}</span> },
    {
      title: t('状态 / 时限', 'Status / SLA'), key: 'sla',
      render: (_, r) => (
        <Space size={4} wrap>
          <Badge status={(statusColors[r.instanceStatus] ?? 'default') as 'default'} text={statusText(box === 'done' && r.taskStatus ? r.taskStatus : r.instanceStatus, lang)} />
          {r.sla.state !== 'NONE' ? (
            <Tag color={slaLabels[r.sla.state].color} title={r.sla.dueAt ? dayjs(r.sla.dueAt).format('YYYY-MM-DD HH:mm') : undefined} data-testid="row-sla">
              {slaLabels[r.sla.state][lang]}
            </Tag>
          ) : null}
        </Space>
      ),
    },
  ];

  const openRow = (r: InboxRow) => {
    if (r.taskId) navigate(`/inbox/${r.taskId}`);
    else navigate(`/inbox/instance/${r.instanceId}`);
  };

  const runBulk = async () => {
    // The rows leave 待办 once approved: keep what they were called for the result list.
    setLabels(Object.fromEntries(selected.map((id) => [id, rowLabel(id)])));
    setBusy(true);
    setBulkError(null);
    try {
      const res = await inboxApi.bulkApprove(selected, comment.trim() || undefined);
      setResults(res.results);
      setSelected(res.results.filter((r) => !r.ok).map((r) => r.taskId));
      await page.reload();
    } catch (err) {
      setBulkError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const rowLabel = (taskId: string) => {
    const r = rows.find((x) => x.taskId === taskId);
    return r ? `${label(r.flowName, r.definitionKey)} · ${r.dealer?.name ?? r.initiator.displayName}${r.order?.orderAmount ? ` · ¥${groupMoney(r.order.orderAmount)}` : ''}` : taskId;
  };

  return (
    <div style={{ padding: 16, maxWidth: 1280, margin: '0 auto' }} data-testid="inbox-page">
      <Card
        title={t('待办中心', 'Inbox')}
        extra={<Button icon={<ReloadOutlined />} onClick={() => void page.reload()} data-testid="inbox-reload">{t('刷新', 'Refresh')}</Button>}
      >
        <Tabs
          activeKey={box}
          onChange={(k) => { setSelected([]); setParams({ box: k }); }}
          items={boxes.map((b) => ({
            key: b,
            label: (
              <span data-testid={`inbox-tab-${b}`}>
                {boxLabels[b][lang]} <Badge count={page.data?.counts[b] ?? 0} showZero color={b === 'todo' ? '#1a5fd0' : '#98a2b3'} data-testid={`inbox-count-${b}`} />
              </span>
            ),
          }))}
        />
        {page.error ? <Alert type="error" showIcon title={page.error instanceof ApiError ? page.error.message : String(page.error)} style={{ marginBottom: 12 }} /> : null}
        {box === 'todo' ? (
          <Space style={{ marginBottom: 12 }}>
            <Button type="primary" icon={<CheckOutlined />} disabled={selected.length === 0} onClick={() => { setResults(null); setBulkOpen(true); }} data-testid="btn-bulk-approve">
              {t(`批量同意（${selected.length}）`, `Approve selected (${selected.length})`)}
            </Button>
            <Typography.Text type="secondary">{t('每一项单独处理：某项失败不影响其他项', 'Each task is processed on its own: one failure does not undo the others')}</Typography.Text>
          </Space>
        ) : null}
        <Table<InboxRow>
          rowKey={(r) => r.taskId ?? r.instanceId}
          size="middle"
          loading={page.loading}
          dataSource={rows}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          data-testid="inbox-table"
          rowSelection={box === 'todo' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
          onRow={(r) => ({ onClick: (e) => { if (!(e.target as HTMLElement).closest('.ant-table-selection-column')) openRow(r); }, style: { cursor: 'pointer' }, 'data-testid': `inbox-row-${r.instanceId}` } as React.HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: t('没有记录', 'Nothing here') }}
        />
      </Card>
      <Modal
        open={bulkOpen}
        title={t('批量同意', 'Approve selected')}
        onCancel={() => setBulkOpen(false)}
        footer={results ? (
          <Button type="primary" onClick={() => setBulkOpen(false)} data-testid="btn-bulk-close">{t('关闭', 'Close')}</Button>
        ) : (
          <Space>
            <Button onClick={() => setBulkOpen(false)}>{t('取消', 'Cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void runBulk()} data-testid="btn-bulk-confirm">{t(`同意 ${selected.length} 项`, `Approve ${selected.length}`)}</Button>
          </Space>
        )}
        destroyOnHidden
      >
        {results ? (
          <div data-testid="bulk-results">
            <Alert type={results.every((r) => r.ok) ? 'success' : 'warning'} showIcon title={summarizeBulk(results, lang)} style={{ marginBottom: 12 }} />
            {results.map((r) => (
              <div key={r.taskId} style={{ padding: '4px 0' }} data-testid={`bulk-result-${r.ok ? 'ok' : 'failed'}`}>
                {r.ok ? <Tag color="green">{t('已同意', 'Approved')}</Tag> : <Tag color="red">{t('未处理', 'Not processed')}</Tag>}
                {labels[r.taskId] ?? rowLabel(r.taskId)}
                {r.error ? <Typography.Text type="danger" style={{ marginLeft: 8 }}>{r.error.message}（{r.error.code}）</Typography.Text> : null}
              </div>
            ))}
          </div>
        ) : (
          <>
            <ul style={{ paddingInlineStart: 18 }}>{selected.map((id) => <li key={id}>{rowLabel(id)}</li>)}</ul>
            <Input.TextArea rows={3} maxLength={2000} placeholder={t('审批意见（可选）', 'Comment (optional)')} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="bulk-comment" />
            {bulkError ? <Alert type="error" showIcon title={bulkError} style={{ marginTop: 12 }} /> : null}
          </>
        )}
      </Modal>
    </div>
  );
}
