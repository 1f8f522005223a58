import { Card, Tag, Typography } from 'antd';
import { Fragment } from 'react';
import { useLocale, useT } from '../app/i18n';
import { tierLabel, useVocabulary } from '../app/use-vocabulary';
import { detailText, signedYuan, sumMoney, unitYuan, yuan, type Adjustment, type PricingDetail } from './portal-format';

/** A priced line as the order API gives it: list price, the rule set's adjustments in its order and words, net unit price, amount. */
export interface PricedLine {
  lineNo: number;
  sku: string;
  name?: string;
  qty: number;
  free?: boolean;
  listPrice: string;
  adjustments?: readonly unknown[];
  netUnitPrice: string;
  lineAmount: string;
  details?: readonly unknown[];
}

export interface BreakdownProps {
  /** The dealer tier the price is for (a dealerTier code; shown in the tenant's words). */
  tier?: string;
  lines: readonly PricedLine[];
  /** Order-level adjustments: promotions, freight, cash discount, rounding… */
  adjustments?: readonly unknown[];
  orderAmount: string;
  requestedOffset?: string;
  rebateOffset?: string;
  payableAmount: string;
  /** The pricing rule set's own figures beyond the contract, with its words. */
  pricingDetails?: readonly unknown[];
  explanation: { zh: readonly string[]; en: readonly string[] };
  ruleVersions?: readonly { key: string; version: number }[];
}

const asAdjustments = (list: readonly unknown[] | undefined) => (list ?? []) as readonly Adjustment[];
const asDetails = (list: readonly unknown[] | undefined) => (list ?? []) as readonly PricingDetail[];

/** "等级折扣 12%  −¥5.76": one adjustment with its rate (percentages) and signed amount. */
function AdjustmentRow({ a, lang, testId = 'adjustment-label' }: { a: Adjustment; lang: 'zh' | 'en'; testId?: string }) {
  return (
    <>
      <span data-testid={testId} data-code={a.code} data-kind={a.kind}>
        {a.label[lang]}{a.kind === 'percentage' && a.rate !== null ? <Typography.Text type="secondary"> {detailText({ type: 'rate', value: a.rate }, lang)}</Typography.Text> : null}
      </span>
      <span data-testid="adjustment-amount">{signedYuan(a.amount)}</span>
    </>
  );
}

function DetailRows({ details, lang }: { details: readonly PricingDetail[]; lang: 'zh' | 'en' }) {
  return (
    <>
      {details.filter((d) => d.value !== null && d.value !== undefined && typeof d.value !== 'object').map((d) => (
        <Fragment key={d.name}>
          <span data-testid="pricing-detail" data-name={d.name}>{d.label[lang]}</span><span>{detailText(d, lang)}</span>
        </Fragment>
      ))}
    </>
  );
}

function LineCard({ line, lang }: { line: PricedLine; lang: 'zh' | 'en' }) {
  const t = useT();
  return (
    <Card size="small" className="cf-portal-card" data-testid="breakdown-line" data-sku={line.sku} data-free={line.free ? 'true' : 'false'}>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 6 }}>
        <Typography.Text strong style={{ minWidth: 0 }}>
          {line.lineNo}. {line.name ?? line.sku}
          {line.free ? <Tag color="green" style={{ marginInlineStart: 6 }} data-testid="line-free">{t('赠品', 'Free')}</Tag> : null}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>× {line.qty.toLocaleString()}</Typography.Text>
      </div>
      <div className="cf-portal-kv">
        <span>SKU</span><span>{line.sku}</span>
        <span>{t('目录价', 'List price')}</span><span data-testid="line-list-price">{yuan(line.listPrice)}</span>
        {asAdjustments(line.adjustments).map((a, i) => <AdjustmentRow key={`${a.code}-${i}`} a={a} lang={lang} />)}
        <DetailRows details={asDetails(line.details)} lang={lang} />
        <span>{t('净单价', 'Net unit price')}</span><span data-testid="line-net-price">{unitYuan(line.netUnitPrice)}</span>
        <span>{t('行金额', 'Line amount')}</span><Typography.Text strong data-testid="line-amount">{yuan(line.lineAmount)}</Typography.Text>
      </div>
    </Card>
  );
}

/**
 * The price of an order as its pricing rule set made it: per line the list price, each adjustment
 * (label, rate, signed amount), net unit price and amount; free-goods lines; the order-level
 * adjustments; the totals and rebate offset; and why, in the rule sets' own words.
 */
export function PriceBreakdown(props: BreakdownProps) {
  const t = useT();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { vocabulary } = useVocabulary();
  const why = lang === 'en' ? props.explanation.en : props.explanation.zh;
  const orderAdjustments = asAdjustments(props.adjustments);
  return (
    <div data-testid="price-breakdown">
      <Typography.Title level={5} style={{ marginTop: 4 }}>
        {t('价格明细', 'Price breakdown')}
        {props.tier ? <Tag color="blue" style={{ marginInlineStart: 8 }} data-testid="breakdown-tier" data-tier={props.tier}>{tierLabel(vocabulary, props.tier, lang)}</Tag> : null}
      </Typography.Title>
      {props.lines.map((l) => <LineCard key={l.lineNo} line={l} lang={lang} />)}
      <Card size="small" className="cf-portal-card" data-testid="breakdown-totals">
        <div className="cf-portal-kv">
          {orderAdjustments.length ? (
            <>
              <span>{t('各行合计', 'Lines')}</span>
              <span data-testid="lines-total">{yuan(sumMoney(props.lines.map((l) => l.lineAmount)))}</span>
            </>
          ) : null}
          {orderAdjustments.map((a, i) => (
            <AdjustmentRow key={`${a.code}-${i}`} a={a} lang={lang} testId="order-adjustment" />
          ))}
          <DetailRows details={asDetails(props.pricingDetails)} lang={lang} />
          <span>{t('订单金额', 'Order amount')}</span><span data-testid="order-amount">{yuan(props.orderAmount)}</span>
          {props.requestedOffset !== undefined ? <><span>{t('申请返利抵扣', 'Rebate offset requested')}</span><span>{yuan(props.requestedOffset)}</span></> : null}
          <span>{t('返利抵扣', 'Rebate offset applied')}</span><span data-testid="applied-offset">−{yuan(props.rebateOffset ?? '0.00')}</span>
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
