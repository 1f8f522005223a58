import { Card, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import type { rebateEntryTypes, rebateStatementStatuses } from '../../../schemas/api/dms-enums';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { tierLabel, useVocabulary } from '../app/use-vocabulary';
import { ApiErrorAlert } from './ApiErrorAlert';
import { portalApi } from './portal-api';
import { yuan } from './portal-format';

const entryWords: Record<(typeof rebateEntryTypes)[number], [string, string]> = {
  ACCRUAL: ['返利入账', 'Accrued'],
  CONSUMPTION: ['下单抵扣', 'Used on an order'],
  EXPIRY: ['过期核销', 'Expired'],
  REVERSAL: ['取消退回', 'Returned on cancel'],
};
const statementWords: Record<(typeof rebateStatementStatuses)[number], [string, string, string]> = {
  DRAFT: ['草稿', 'Draft', 'default'],
  CONFIRMED: ['已确认', 'Confirmed', 'processing'],
  CREDITED: ['已入账', 'Credited', 'success'],
  HELD: ['暂缓', 'Held', 'warning'],
  VOID: ['作废', 'Void', 'default'],
};

function Rebates() {
  const t = useT();
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { vocabulary } = useVocabulary();
  const account = useRequest(() => portalApi.rebateAccount(), []);
  const statements = useRequest(() => portalApi.rebateStatements(), []);
  const a = account.data;
  return (
    <div data-testid="rebate-account">
      <ApiErrorAlert error={account.error} />
      {account.loading && !a ? <Spin /> : null}
      {a ? (
        <Card size="small" className="cf-portal-card">
          <div className="cf-portal-total"><span>{t('可用返利', 'Available')}</span><strong data-testid="rebate-available">{yuan(a.available)}</strong></div>
          <div className="cf-portal-kv">
            <span>{t('待财务确认', 'Pending Finance')}</span><span>{yuan(a.pending)}</span>
            <span>{t('已过期未核销', 'Expired, not written off')}</span><span>{yuan(a.expiredUnposted)}</span>
            <span>{t('截至', 'As of')}</span><span>{a.asOf}</span>
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('下单抵扣时先用最早到期的返利；订单取消后退回原条目。', 'Orders use the earliest-expiring rebate first; a cancelled order returns it to the same entries.')}
          </Typography.Paragraph>
        </Card>
      ) : null}
      {a?.entries.length ? (
        <Card size="small" className="cf-portal-card" title={t('返利流水', 'Entries')}>
          {a.entries.map((e) => {
            const [zh, en] = entryWords[e.type];
            return (
              <div key={e.id} data-testid="rebate-entry" style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <span>{t(zh, en)} <Tag color={e.status === 'AVAILABLE' ? 'green' : 'gold'}>{e.status === 'AVAILABLE' ? t('可用', 'available') : t('待确认', 'pending')}</Tag></span>
                  <span className="cf-portal-amount" style={{ color: e.amount.startsWith('-') ? '#cf1322' : '#389e0d' }}>{yuan(e.amount)}</span>
                </div>
                <div style={{ fontSize: 12, color: '#6b7280', display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <span>
                    {e.postedOn}{e.expiresOn ? t(` · ${e.expiresOn} 到期`, ` · expires ${e.expiresOn}`) : ''}
                    {e.orderId ? <> · <Link to={`/portal/orders/${e.orderId}`}>{t('订单', 'order')}</Link></> : null}
                    {e.memo ? ` · ${e.memo}` : ''}
                  </span>
                  <span>{t('余额', 'left')} {yuan(e.balance)}</span>
                </div>
              </div>
            );
          })}
        </Card>
      ) : null}
      <Typography.Title level={5}>{t('返利结算单', 'Rebate statements')}</Typography.Title>
      <ApiErrorAlert error={statements.error} />
      {statements.data && statements.data.length === 0 ? <Empty description={t('暂无结算单', 'No statements yet')} /> : null}
      {statements.data?.map((s) => {
        const [zh, en, color] = statementWords[s.status];
        return (
          <Card key={s.id} size="small" className="cf-portal-card" data-testid="rebate-statement">
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginBottom: 6 }}>
              <Typography.Text strong>{s.period} · {s.policyCode}</Typography.Text>
              <Tag color={color}>{t(zh, en)}</Tag>
            </div>
            <div className="cf-portal-kv">
              {s.tierAtPeriodEnd ? <><span>{t('期末等级', 'Tier at period end')}</span><span data-testid="statement-tier">{tierLabel(vocabulary, s.tierAtPeriodEnd, lang)}</span></> : null}
              {/* the statement's own lines, in its rule set's order and words */}
              {s.lines.map((l) => (
                <Fragment key={l.code}><span data-testid="statement-line" data-code={l.code}>{lang === 'en' ? l.label.en : l.label.zh}</span><span>{yuan(l.amount)}</span></Fragment>
              ))}
              <span>{t('合计', 'Total')}</span><Typography.Text strong data-testid="statement-total">{yuan(s.total)}</Typography.Text>
            </div>
          </Card>
        );
      })}
    </div>
  );
}

function CreditCard() {
  const t = useT();
  const credit = useRequest(() => portalApi.credit(), []);
  const c = credit.data;
  if (credit.error) return <ApiErrorAlert error={credit.error} />;
  if (!c) return <Spin />;
  const negative = c.availableCredit.startsWith('-');
  return (
    <div data-testid="credit">
      <Card size="small" className="cf-portal-card">
        <div className="cf-portal-total">
          <span>{t('可用额度', 'Available credit')}</span>
          <strong data-testid="credit-available" style={negative ? { color: '#cf1322' } : undefined}>{yuan(c.availableCredit)}</strong>
        </div>
        <div className="cf-portal-kv">
          <span>{t('信用额度', 'Credit limit')}</span><span>{yuan(c.creditLimit)}</span>
          <span>{t('预付款余额', 'Prepaid balance')}</span><span>{yuan(c.prepaidBalance)}</span>
          <span>{t('应收未付', 'Invoiced, unpaid')}</span><span>{yuan(c.arOutstanding)}</span>
          <span>{t('已批未开票订单', 'Approved, not invoiced')}</span><span>{yuan(c.openOrderAmount)}</span>
          <span>{t('信用占用', 'Exposure')}</span><span>{yuan(c.exposure)}</span>
          {c.paymentTermDays !== undefined && c.paymentTermDays !== null ? <><span>{t('账期', 'Payment terms')}</span><span>{t(`${c.paymentTermDays} 天`, `${c.paymentTermDays} days`)}</span></> : null}
          <span>{t('最长逾期', 'Most days overdue')}</span>
          <span style={c.maxDaysOverdue > 0 ? { color: '#cf1322' } : undefined}>{t(`${c.maxDaysOverdue} 天`, `${c.maxDaysOverdue} days`)}</span>
          <span>{t('截至', 'As of')}</span><span>{c.asOf}</span>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('可用额度 = 信用额度 + 预付款 − 应收未付 − 已批未开票订单；订单应付超过可用额度时需财务审批。', 'Available = limit + prepaid − unpaid invoices − approved orders not invoiced; an order above it goes to Finance.')}
        </Typography.Paragraph>
      </Card>
      {c.receivables?.length ? (
        <Card size="small" className="cf-portal-card" title={t('应收账款', 'Receivables')}>
          {c.receivables.map((r) => (
            <div key={r.id} data-testid="receivable" style={{ borderBottom: '1px solid #f0f0f0', padding: '6px 0' }}>
              <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                <span>{r.invoiceNo}</span><span className="cf-portal-amount">{yuan(r.outstanding)}</span>
              </div>
              <div style={{ fontSize: 12, color: '#6b7280' }}>
                {t(`到期 ${r.dueDate}`, `due ${r.dueDate}`)}{r.overdueDays ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{t(` · 逾期 ${r.overdueDays} 天`, ` · ${r.overdueDays} days overdue`)}</Typography.Text> : null}
              </div>
            </div>
          ))}
        </Card>
      ) : null}
    </div>
  );
}

/** 返利与信用: my rebate account, statements and credit (the API answers for my own dealer only). */
export default function AccountPage() {
  const t = useT();
  const [view, setView] = useState<'rebate' | 'credit'>('rebate');
  return (
    <div data-testid="account">
      <Segmented
        block
        value={view}
        onChange={(v) => setView(v as 'rebate' | 'credit')}
        options={[{ label: t('返利账户', 'Rebates'), value: 'rebate' }, { label: t('信用', 'Credit'), value: 'credit' }]}
        style={{ marginBottom: 12 }}
        data-testid="account-switch"
      />
      {view === 'rebate' ? <Rebates /> : <CreditCard />}
    </div>
  );
}
