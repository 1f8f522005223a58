import { Card, Tag, Typography } from 'antd';
import { useLocale, useT } from '../app/i18n';
import type { Quote } from './portal-api';
import { percent, yuan } from './portal-format';

type PricedLine = Quote['lines'][number];

export interface BreakdownProps {
  tier?: string;
  lines: readonly PricedLine[];
  orderAmount: string;
  rebate?: { requestedOffset?: string; usableBalance?: string; maxOffset?: string; appliedOffset?: string };
  appliedOffset?: string;
  payableAmount: string;
  explanation: { zh: readonly string[]; en: readonly string[] };
  ruleVersions?: readonly { key: string; version: number }[];
}

function LineCard({ line }: { line: PricedLine }) {
  const t = useT();
  return (
    <Card size="small" className="cf-portal-card" data-testid="breakdown-line" data-sku={line.sku}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 6 }}>
        <Typography.Text strong style={{ minWidth: 0 }}>{line.lineNo}. {line.name ?? line.sku}</Typography.Text>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>× {line.qty.toLocaleString()}</Typography.Text>
      </div>
      <div className="cf-portal-kv">
        <span>SKU</span><span>{line.sku}</span>
        <span>{t('目录价', 'List price')}</span><span>{yuan(line.listPrice)}</span>
        <span>{t('等级折扣', 'Tier discount')}</span><span data-testid="line-tier-rate">{percent(line.tierRate)}</span>
        <span>{t('阶梯折扣', 'Quantity break')}</span><span data-testid="line-break-rate">{percent(line.breakRate)}</span>
        <span>{t('最高折扣', 'Maximum discount')}</span>
        <span>{line.maxDiscountRate ? <>{percent(line.maxDiscountRate)}{line.capApplied ? <Tag color="orange" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>{t('已封顶', 'capped')}</Tag> : null}</> : t('不限', 'none')}</span>
        <span>{t('实际折扣', 'Discount applied')}</span><span>{percent(line.effectiveDiscountRate)}</span>
        <span>{t('净单价', 'Net unit price')}</span><span>{yuan(line.netUnitPrice)}</span>
        <span>{t('行金额', 'Line amount')}</span><Typography.Text strong data-testid="line-amount">{yuan(line.lineAmount)}</Typography.Text>
      </div>
    </Card>
  );
}

/** The price of an order line by line, its totals, the rebate used, and why, in the rule trace's own words. */
export function PriceBreakdown(props: BreakdownProps) {
  const t = useT();
  const { locale } = useLocale();
  const applied = props.rebate?.appliedOffset ?? props.appliedOffset ?? '0.00';
  const why = locale === 'en' ? props.explanation.en : props.explanation.zh;
  return (
    <div data-testid="price-breakdown">
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {t('价格明细', 'Price breakdown')}{props.tier ? <Tag color="blue" style={{ marginInlineStart: 8 }}>{props.tier}</Tag> : null}
      </Typography.Title>
      {props.lines.map((l) => <LineCard key={l.lineNo} line={l} />)}
      <Card size="small" className="cf-portal-card" data-testid="breakdown-totals">
        <div className="cf-portal-kv">
          <span>{t('订单金额', 'Order amount')}</span><span data-testid="order-amount">{yuan(props.orderAmount)}</span>
          {props.rebate?.requestedOffset !== undefined ? <><span>{t('申请返利抵扣', 'Rebate offset requested')}</span><span>{yuan(props.rebate.requestedOffset)}</span></> : null}
          {props.rebate?.usableBalance !== undefined ? <><span>{t('可用返利余额', 'Usable rebate balance')}</span><span>{yuan(props.rebate.usableBalance)}</span></> : null}
          {props.rebate?.maxOffset !== undefined ? <><span>{t('本单最多可抵', 'Most this order may use')}</span><span>{yuan(props.rebate.maxOffset)}</span></> : null}
          <span>{t('实际抵扣', 'Rebate offset applied')}</span><span data-testid="applied-offset">−{yuan(applied)}</span>
        </div>
        <div className="cf-portal-total" style={{ borderTop: '1px solid #f0f0f0', marginTop: 8, paddingTop: 8 }}>
          <span>{t('应付金额', 'Payable')}</span>
          <strong data-testid="payable-amount">{yuan(props.payableAmount)}</strong>
        </div>
      </Card>
      <Card size="small" className="cf-portal-card" title={t('为什么是这个价格', 'Why this price')} data-testid="price-explanation">
        <ol className="cf-portal-why" style={{ margin: 0, paddingInlineStart: 18 }}>
          {why.map((s, i) => <li key={i}>{s}</li>)}
        </ol>
        {props.ruleVersions?.length ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('依据规则：', 'Rules used: ')}{props.ruleVersions.map((r) => `${r.key} v${r.version}`).join('，')}
          </Typography.Paragraph>
        ) : null}
      </Card>
    </div>
  );
}
