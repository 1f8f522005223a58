import { groupThousands } from '../../../rules/money';
import type { FromSchema } from 'json-schema-to-ts';
import type { DashboardOverview } from '../../../schemas/api/dashboard-api.schema';
import { tierLabel, type Vocabulary } from '../app/use-vocabulary';
import type { EChartsCoreOption } from './echarts';

export type Overview = FromSchema<typeof DashboardOverview>;
type T = (zh: string, en: string) => string;

/** Money strings are exact; a chart only needs their size, so it alone turns them into numbers. */
const size = (money: string) => Number(money);

/** "1234567.8" → "1,234,567.80" without going through a float. */
export function formatMoney(money: string): string {
  const [int, frac = ''] = money.split('.');
  return groupThousands(`${int}.${(frac + '00').slice(0, 2)}`);
}

export const formatHours = (h: number | null | undefined, t: T) => (h === null || h === undefined ? '—' : `${h} ${t('小时', 'h')}`);

/** Long delays read better in days. */
export const formatOverdue = (h: number, t: T) => (h < 48 ? formatHours(h, t) : `${(h / 24).toFixed(1)} ${t('天', 'd')}`);

const moneyTooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMoney(v.toFixed(2)) : String(v)) };
const grid = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/** Orders by rolled-up region or by tier: amount bars (left axis) and order counts (right axis). */
export function ordersOption(rows: { label: string; count: number; amount: string; approvedAmount: string }[], t: T): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: rows.map((r) => r.label) },
    yAxis: [{ type: 'value', name: t('金额（元）', 'Amount (CNY)') }, { type: 'value', name: t('单数', 'Orders'), minInterval: 1, splitLine: { show: false } }],
    series: [
      { name: t('下单金额', 'Ordered'), type: 'bar', data: rows.map((r) => size(r.amount)), tooltip: { valueFormatter: moneyTooltip.valueFormatter } },
      { name: t('已批准金额', 'Approved'), type: 'bar', data: rows.map((r) => size(r.approvedAmount)), tooltip: { valueFormatter: moneyTooltip.valueFormatter } },
      { name: t('订单数', 'Orders'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.count) },
    ],
  };
}

export const regionRows = (o: Overview, zh: boolean) =>
  o.orders.byRegion.map((r) => ({ ...r, label: zh ? r.name : r.nameEn ?? r.name }));

/** Tiers as the server ordered them (the tenant's dealerTier dictionary, best first), in the tenant's labels. */
export const tierRows = (o: Overview, zh: boolean, vocabulary: Pick<Vocabulary, 'tiers'>) =>
  o.orders.byTier.map((r) => ({ ...r, label: tierLabel(vocabulary, r.tier, zh ? 'zh' : 'en') }));

/** The tenant's approval cycle-time goal in hours (manifest targets.orderCycleHours), or null when it sets none. */
export function cycleGoalHours(vocabulary: Pick<Vocabulary, 'targets'>): number | null {
  const h = vocabulary.targets.orderCycleHours;
  return typeof h === 'number' && Number.isFinite(h) && h > 0 ? h : null;
}

const bucketLabel = (from: number, to: number | null | undefined) => (to === null || to === undefined ? `≥${from}h` : `${from}–${to}h`);

/** Which histogram bar holds `hours` (for marking p50 / p90 on the category axis). */
function bucketOf(histogram: Overview['cycleTime']['histogram'], hours: number): string | undefined {
  const b = histogram.find((x) => hours >= x.fromHours && (x.toHours === null || x.toHours === undefined || hours < x.toHours));
  return b ? bucketLabel(b.fromHours, b.toHours) : undefined;
}

/** Approvals by how long they took, with the buckets holding p50 and p90 marked. */
export function cycleHistogramOption(c: Overview['cycleTime'], t: T): EChartsCoreOption {
  const marks = [
    c.p50Hours !== null && c.p50Hours !== undefined ? { xAxis: bucketOf(c.histogram, c.p50Hours), name: `p50 ${c.p50Hours}h` } : null,
    c.p90Hours !== null && c.p90Hours !== undefined ? { xAxis: bucketOf(c.histogram, c.p90Hours), name: `p90 ${c.p90Hours}h` } : null,
  ].filter((m): m is { xAxis: string; name: string } => m !== null && m.xAxis !== undefined);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid,
    xAxis: { type: 'category', name: t('用时', 'Took'), data: c.histogram.map((b) => bucketLabel(b.fromHours, b.toHours)) },
    yAxis: { type: 'value', name: t('审批单数', 'Approvals'), minInterval: 1 },
    series: [{
      name: t('审批单数', 'Approvals'), type: 'bar', data: c.histogram.map((b) => b.count),
      markLine: { symbol: 'none', label: { formatter: '{b}' }, lineStyle: { type: 'dashed' }, data: marks },
    }],
  };
}

/** Weekly p50 and p90 of the cycle time, with the range's p50 / p90 and the tenant's goal (when it sets one) as lines. */
export function cycleTrendOption(c: Overview['cycleTime'], t: T, goalHours: number | null = null): EChartsCoreOption {
  const lines = [
    c.p50Hours !== null && c.p50Hours !== undefined ? { yAxis: c.p50Hours, name: `p50 ${c.p50Hours}h`, lineStyle: { color: '#1a5fd0' } } : null,
    c.p90Hours !== null && c.p90Hours !== undefined ? { yAxis: c.p90Hours, name: `p90 ${c.p90Hours}h`, lineStyle: { color: '#d4380d' } } : null,
    goalHours !== null ? { yAxis: goalHours, name: t(`目标 ${goalHours}h`, `goal ${goalHours}h`), lineStyle: { color: '#389e0d' }, label: { position: 'insideStartTop' } } : null,
  ].filter((m) => m !== null);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', name: t('周', 'Week'), data: c.weekly.map((w) => w.weekStart) },
    yAxis: { type: 'value', name: t('小时', 'Hours') },
    series: [
      { name: 'p50', type: 'line', data: c.weekly.map((w) => w.p50Hours), markLine: { symbol: 'none', label: { formatter: '{b}', position: 'insideEndTop' }, lineStyle: { type: 'dashed' }, data: lines } },
      { name: 'p90', type: 'line', data: c.weekly.map((w) => w.p90Hours) },
      { name: t('审批单数', 'Approvals'), type: 'bar', data: c.weekly.map((w) => w.count), barMaxWidth: 16, itemStyle: { opacity: 0.3 } },
    ],
  };
}

/** Per dealer: the usable balance (what expires within 30 days apart), pending accruals, and what was used in the range. */
export function rebateOption(r: Overview['rebates'], t: T): EChartsCoreOption {
  const rows = r.byDealer;
  const later = rows.map((d) => size(d.available) - size(d.expiringWithin30Days));
  return {
    tooltip: moneyTooltip,
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: rows.map((d) => d.dealerCode) },
    yAxis: { type: 'value', name: t('元', 'CNY') },
    series: [
      { name: t('可用', 'Available'), type: 'bar', stack: 'balance', data: later },
      { name: t('30 天内到期', 'Expiring ≤ 30 d'), type: 'bar', stack: 'balance', data: rows.map((d) => size(d.expiringWithin30Days)) },
      { name: t('待确认', 'Pending'), type: 'bar', stack: 'balance', data: rows.map((d) => size(d.pending)) },
      { name: t('期间已使用', 'Used in range'), type: 'bar', stack: 'used', data: rows.map((d) => size(d.consumedInRange)) },
    ],
  };
}

/** The largest exposures: exposure and what is left of the limit, stacked to limit + prepaid. */
export function creditOption(c: Overview['credit'], t: T): EChartsCoreOption {
  const rows = [...c.topExposures].reverse();
  return {
    tooltip: moneyTooltip,
    legend: { top: 0 },
    grid,
    xAxis: { type: 'value', name: t('元', 'CNY') },
    yAxis: { type: 'category', data: rows.map((d) => (d.maxDaysOverdue > 0 ? `${d.dealerCode} ⚠${d.maxDaysOverdue}${t('天', 'd')}` : d.dealerCode)) },
    series: [
      { name: t('占用', 'Exposure'), type: 'bar', stack: 'credit', data: rows.map((d) => size(d.exposure)), itemStyle: { color: '#d4380d' } },
      { name: t('可用额度', 'Available'), type: 'bar', stack: 'credit', data: rows.map((d) => Math.max(0, size(d.availableCredit))), itemStyle: { color: '#52c41a' } },
    ],
  };
}
