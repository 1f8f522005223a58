import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Row, Space, Spin, Table, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { apiGet } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { useVocabulary } from '../app/use-vocabulary';
import {
  creditOption, cycleGoalHours, cycleHistogramOption, cycleTrendOption, formatHours, formatMoney, formatOverdue, ordersOption, rebateOption, regionRows, tierRows, type Overview,
} from './chart-options';
import { EChart } from './EChart';

interface RegionView { code: string; name: string; nameEn: string | null; parent: string | null }
interface RegionNode { value: string; title: string; children: RegionNode[] }

function regionTree(regions: RegionView[], zh: boolean): RegionNode[] {
  const nodes = new Map(regions.map((r) => [r.code, { value: r.code, title: zh ? r.name : r.nameEn ?? r.name, children: [] as RegionNode[] }]));
  const roots: RegionNode[] = [];
  for (const r of regions) (r.parent && nodes.has(r.parent) ? nodes.get(r.parent)!.children : roots).push(nodes.get(r.code)!);
  return roots;
}

function Kpi({ testId, title, value, raw, hint }: { testId: string; title: string; value: string; raw: string; hint?: string }) {
  return (
    <Card size="small" data-testid={testId} data-value={raw} style={{ height: '100%' }} styles={{ body: { padding: '12px 16px' } }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{title}</Typography.Text>
      <div style={{ fontSize: 20, fontWeight: 600, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={`${testId}-text`}>{value}</div>
      {hint ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text> : null}
    </Card>
  );
}

function ChartCard({ title, extra, children }: { title: string; extra?: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{extra}</Typography.Text> : null}>
      {children}
    </Card>
  );
}

/** /studio/dashboards — 经营看板: orders, approval cycle time, rebates, credit and tasks past SLA. */
export default function DashboardsPage() {
  const t = useT();
  const { locale } = useLocale();
  const zh = locale !== 'en';
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const overview = useRequest(() => apiGet<Overview>(`/api/dashboards/overview${query ? `?${query}` : ''}`), [query]);
  const regions = useRequest(() => apiGet<RegionView[]>('/api/regions'), []);
  const data = overview.data;
  const { vocabulary } = useVocabulary();
  const goal = cycleGoalHours(vocabulary);

  const setFilter = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) (v ? merged.set(k, v) : merged.delete(k));
    setParams(merged, { replace: true });
  };
  const onRange = (range: [Dayjs | null, Dayjs | null] | null) =>
    setFilter({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') });

  const options = useMemo(() => data && {
    byRegion: ordersOption(regionRows(data, zh), t),
    byTier: ordersOption(tierRows(data, zh, vocabulary), t),
    histogram: cycleHistogramOption(data.cycleTime, t),
    trend: cycleTrendOption(data.cycleTime, t, goal),
    rebates: rebateOption(data.rebates, t),
    credit: creditOption(data.credit, t),
  }, [data, zh, t, vocabulary, goal]);

  const yuan = (v: string) => `¥${formatMoney(v)}`;
  const presets = [
    { label: t('最近 30 天', 'Last 30 days'), value: [dayjs().subtract(29, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('最近 90 天', 'Last 90 days'), value: [dayjs().subtract(89, 'day'), dayjs()] as [Dayjs, Dayjs] },
    { label: t('今年', 'This year'), value: [dayjs().startOf('year'), dayjs()] as [Dayjs, Dayjs] },
  ];

  return (
    <div style={{ padding: 24 }} data-testid="dashboards-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('经营看板', 'Dashboards')}</Typography.Title>
        <Space wrap>
          <span data-testid="dashboard-range">
            <DatePicker.RangePicker
              allowClear={false}
              presets={presets}
              value={data ? [dayjs(data.range.from), dayjs(data.range.to)] : null}
              onChange={onRange}
            />
          </span>
          <span data-testid="dashboard-region">
            <TreeSelect
              style={{ minWidth: 200 }}
              allowClear
              treeDefaultExpandAll
              placeholder={t('全部区域', 'All regions')}
              value={params.get('region') ?? undefined}
              treeData={regionTree(regions.data ?? [], zh)}
              onChange={(v) => setFilter({ region: v as string | undefined })}
            />
          </span>
          <Button icon={<ReloadOutlined />} onClick={() => void overview.reload()} data-testid="dashboard-reload">{t('刷新', 'Refresh')}</Button>
        </Space>
      </Space>

      {overview.error ? <Alert type="error" showIcon style={{ marginBottom: 16 }} message={(overview.error as Error).message} data-testid="dashboard-error" /> : null}
      {!data ? <Spin style={{ margin: 48 }} /> : (
        <Spin spinning={overview.loading}>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            {t(
              `订单与审批用时按 ${data.range.from} 至 ${data.range.to}；返利余额、信用与超时待办为截至 ${data.range.asOf} 的当前值。`,
              `Orders and cycle time for ${data.range.from} to ${data.range.to}; rebate balances, credit and overdue tasks as of ${data.range.asOf}.`,
            )}
          </Typography.Paragraph>
          <Row gutter={[12, 12]} data-testid="dashboard-kpis">
            <Col flex="1 1 150px"><Kpi testId="kpi-orders-count" title={t('订单数', 'Orders')} value={String(data.orders.totals.count)} raw={String(data.orders.totals.count)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-orders-amount" title={t('下单金额', 'Ordered')} value={yuan(data.orders.totals.amount)} raw={data.orders.totals.amount} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-approved-amount" title={t('已批准金额', 'Approved')} value={yuan(data.orders.totals.approvedAmount)} raw={data.orders.totals.approvedAmount} hint={t(`${data.orders.totals.approvedCount} 单`, `${data.orders.totals.approvedCount} orders`)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-cycle-p50" title={t('审批用时 p50', 'Cycle time p50')} value={formatHours(data.cycleTime.p50Hours, t)} raw={String(data.cycleTime.p50Hours ?? '')} hint={t(`工作时 ${formatHours(data.cycleTime.working.p50Hours, t)}`, `working ${formatHours(data.cycleTime.working.p50Hours, t)}`)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-cycle-p90" title={t('审批用时 p90', 'Cycle time p90')} value={formatHours(data.cycleTime.p90Hours, t)} raw={String(data.cycleTime.p90Hours ?? '')} hint={t(`工作时 ${formatHours(data.cycleTime.working.p90Hours, t)}`, `working ${formatHours(data.cycleTime.working.p90Hours, t)}`)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-rebate-available" title={t('可用返利', 'Rebate available')} value={yuan(data.rebates.available)} raw={data.rebates.available} hint={t(`待确认 ${yuan(data.rebates.pending)}`, `pending ${yuan(data.rebates.pending)}`)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-credit-exposure" title={t('信用占用', 'Credit used')} value={yuan(data.credit.totals.exposure)} raw={data.credit.totals.exposure} hint={t(`${data.credit.totals.overdueDealers} 家逾期`, `${data.credit.totals.overdueDealers} overdue`)} /></Col>
            <Col flex="1 1 150px"><Kpi testId="kpi-sla-instances" title={t('超时流程', 'Past SLA')} value={String(data.sla.overdueInstances)} raw={String(data.sla.overdueInstances)} hint={t(`${data.sla.overdueTasks} 个待办`, `${data.sla.overdueTasks} tasks`)} /></Col>
          </Row>

          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={12}>
              <ChartCard title={t('订单 · 按区域', 'Orders by region')} extra={t('按收货区域汇总到上级区域', 'ship-to rolled up')}>
                <EChart testId="chart-orders-region" option={options!.byRegion} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('订单 · 按等级', 'Orders by tier')} extra={t('下单时的经销商等级', 'tier at order')}>
                <EChart testId="chart-orders-tier" option={options!.byTier} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('审批用时分布（提交 → 批准）', 'Cycle time, submit → approved')} extra={t(
                `${data.cycleTime.count} 单；平均 ${formatHours(data.cycleTime.meanHours, t)}，按工作时（${data.cycleTime.working.workdayHours}）${formatHours(data.cycleTime.working.meanHours, t)}`,
                `${data.cycleTime.count} approvals; mean ${formatHours(data.cycleTime.meanHours, t)}, in working hours (${data.cycleTime.working.workdayHours}) ${formatHours(data.cycleTime.working.meanHours, t)}`,
              )}>
                <EChart testId="chart-cycle-histogram" option={options!.histogram} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('审批用时 · 按周', 'Cycle time by week')} extra={goal !== null ? t(`目标：${goal} 小时内批准`, `goal: approved within ${goal} h`) : t('未设定目标（tenant.json 的 targets.orderCycleHours）', 'no goal set (targets.orderCycleHours in tenant.json)')}>
                <EChart testId="chart-cycle-trend" option={options!.trend} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('返利 · 按经销商', 'Rebates by dealer')} extra={t(`30 天内到期 ${yuan(data.rebates.expiringWithin30Days)}；期间计提 ${yuan(data.rebates.accruedInRange)}`, `expiring ≤ 30 d ${yuan(data.rebates.expiringWithin30Days)}; accrued ${yuan(data.rebates.accruedInRange)}`)}>
                <EChart testId="chart-rebates" option={options!.rebates} />
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title={t('信用占用 · 前 10', 'Credit exposure, top 10')} extra={t(`总额度 ${yuan(data.credit.totals.creditLimit)}；逾期 ${yuan(data.credit.totals.overdueAmount)}`, `limits ${yuan(data.credit.totals.creditLimit)}; overdue ${yuan(data.credit.totals.overdueAmount)}`)}>
                <EChart testId="chart-credit" option={options!.credit} />
              </ChartCard>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t(`超时待办（${data.sla.overdueTasks}）`, `Tasks past SLA (${data.sla.overdueTasks})`)}>
                <Table
                  data-testid="sla-table"
                  size="small"
                  rowKey={(r) => `${r.instanceId}:${r.taskKey}`}
                  dataSource={data.sla.items}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t('流程', 'Workflow'), dataIndex: 'definitionKey' },
                    { title: t('订单', 'Order'), dataIndex: 'orderNo', render: (v: string | null) => v ?? '—' },
                    { title: t('经销商', 'Dealer'), dataIndex: 'dealerCode', render: (v: string | null) => v ?? '—' },
                    { title: t('节点', 'Node'), dataIndex: 'nodeId' },
                    { title: t('处理人', 'Assignee'), dataIndex: 'assignee' },
                    { title: t('到期时间', 'Due'), dataIndex: 'dueAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
                    { title: t('已超时', 'Overdue'), dataIndex: 'hoursOverdue', align: 'right', render: (v: number) => formatOverdue(v, t) },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </Spin>
      )}
    </div>
  );
}
