import { App, Alert, Button, Card, Input, Spin, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useRequest } from '../api/use-request';
import { useLabel, useT } from '../app/i18n';
import { useVocabulary } from '../app/use-vocabulary';
import { FormRenderer } from '../form-runtime/FormRenderer';
import { ApiErrorAlert } from './ApiErrorAlert';
import {
  initialOrderData, missingOrderFields, newIdempotencyKey, orderFieldsOf, shipToProblem, toOrderRequests, withOrderFields, withPortalOrderUi, type OrderFieldsSchema,
} from './order-form';
import { portalApi, type Order, type Quote } from './portal-api';
import { yuan } from './portal-format';
import { PriceBreakdown } from './PriceBreakdown';

type Json = Record<string, unknown>;

/**
 * 下单: the start form of the tenant's order flow (the orderApproval binding) with every order
 * custom field of its manifest, the price breakdown from the server's quote (and why), then a
 * priced draft is created and submitted into its approval flow.
 */
export default function PlaceOrderPage() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const skuKey = params.getAll('sku').join(',');
  const { vocabulary, loaded, error: vocabularyError } = useVocabulary();
  const formKey = vocabulary.startForms.orderApproval ?? null;
  const form = useRequest(() => (formKey ? portalApi.form(formKey) : Promise.resolve(null)), [formKey]);
  const orderFields = vocabulary.customFields.order as OrderFieldsSchema | undefined;
  // The region tree lets the portal say "pick a leaf" before the server does; without it the server's check stands.
  const regions = useRequest(() => portalApi.regions().catch(() => null), []);
  const shaped = useMemo(() => (form.data ? withOrderFields(form.data.document.schema, orderFields) : null), [form.data, orderFields]);
  const initial = useMemo(() => ({ ...initialOrderData(skuKey ? skuKey.split(',') : []), ...(shaped?.schema.properties && 'customFields' in (shaped.schema.properties as object) ? { customFields: {} } : {}) }), [skuKey, shaped]);
  const ui = useMemo(() => (form.data && shaped ? withPortalOrderUi(shaped.schema, form.data.document.uiSchema, shaped.topLevel) : undefined), [form.data, shaped]);
  const fieldsOf = (value: Json) => orderFieldsOf(value, shaped?.topLevel ?? new Set());
  const missingText = (value: Json) => {
    const missing = missingOrderFields(orderFields, fieldsOf(value));
    return missing.length ? t(`请填写：${missing.map((m) => m.title).join('、')}`, `Fill in: ${missing.map((m) => m.title).join(', ')}`) : null;
  };

  const [data, setData] = useState<Json>(initial);
  const [address, setAddress] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'quote' | 'submit' | null>(null);
  // A draft already created for exactly this request is reused, and its submit keeps one idempotency key.
  const draft = useRef<{ body: string; order: Order; key: string } | null>(null);
  const [draftShown, setDraftShown] = useState<Order | null>(null);

  const regionText = (problem: ReturnType<typeof shipToProblem>) =>
    problem === 'not-leaf' ? t('收货区域请选到最末一级（如“深圳”，而不是“华南大区”）', 'Pick the most specific ship-to region (e.g. Shenzhen, not South)')
      : problem === 'unknown' ? t('收货区域不在区域目录中', 'The ship-to region is not in the region tree')
        : t('请选择收货区域', 'Pick a ship-to region');

  const runQuote = async (value: Json) => {
    setError(undefined);
    const problem = regions.data ? shipToProblem(regions.data, value.shipToRegion) : null;
    if (problem) {
      setError(new Error(regionText(problem)));
      return;
    }
    const missing = missingText(value);
    if (missing) {
      setError(new Error(missing));
      return;
    }
    setBusy('quote');
    try {
      setQuote(await portalApi.quote(toOrderRequests(value, address, fieldsOf(value)).quote));
      requestAnimationFrame(() => document.querySelector('[data-testid="price-breakdown"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    } catch (err) {
      setQuote(null);
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setError(undefined);
    const missing = missingText(data);
    if (missing) {
      setError(new Error(missing));
      return;
    }
    setBusy('submit');
    try {
      const { create } = toOrderRequests(data, address, fieldsOf(data));
      const body = JSON.stringify(create);
      if (draft.current?.body !== body) {
        const order = await portalApi.createOrder(create);
        draft.current = { body, order, key: newIdempotencyKey() };
        setDraftShown(order);
      }
      const { order, key } = draft.current!;
      const submitted = await portalApi.submitOrder(order.id, key);
      message.success(t(`订单 ${submitted.orderNo} 已提交`, `Order ${submitted.orderNo} submitted`));
      navigate(`/portal/orders/${order.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  if (form.error || vocabularyError) return <ApiErrorAlert error={form.error ?? vocabularyError} title={t('下单表单暂不可用', 'The order form is unavailable')} />;
  if (loaded && !formKey) {
    return <Alert type="warning" showIcon data-testid="order-flow-unbound" title={t('贵方尚未配置订单审批流程（orderApproval）的下单表单，暂不能在线下单', 'No order form: the tenant binds no order flow (orderApproval) with a start form yet')} />;
  }
  if (!form.data || !ui || !shaped) return <Spin style={{ display: 'block', margin: 48 }} />;

  return (
    <div data-testid="place-order">
      <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>{label(form.data.name, t('下单', 'Place an order'))}</Typography.Title>
      <Card size="small" className="cf-portal-card">
        {/* The order API takes an address the tenant's form does not declare: asked here, before the form's own button. */}
        <Typography.Text>{t('收货地址', 'Ship-to address')}</Typography.Text>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 4 }}
          maxLength={500}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          placeholder={t('街道、门牌、收货人与电话', 'Street, number, recipient and phone')}
          style={{ marginBottom: 12 }}
          data-testid="order-address"
        />
        <FormRenderer
          schema={shaped.schema}
          uiSchema={ui}
          formData={initial}
          onChange={(next) => {
            setData(next as Json);
            setQuote(null);
          }}
          onSubmit={(value) => void runQuote(value as Json)}
          submitLabel={busy === 'quote' ? t('计算中…', 'Pricing…') : t('计算价格', 'Price this order')}
          submitTestId="btn-quote"
        />
      </Card>

      <ApiErrorAlert error={error} />
      {draftShown && error ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="draft-kept"
          title={t(`已保存为草稿订单 ${draftShown.orderNo}，尚未提交审批`, `Saved as draft order ${draftShown.orderNo}; not submitted for approval yet`)}
          description={<Link to={`/portal/orders/${draftShown.id}`}>{t('查看草稿', 'Open the draft')}</Link>}
        />
      ) : null}

      {quote ? (
        <>
          <PriceBreakdown
            tier={quote.tier}
            lines={quote.lines}
            adjustments={quote.adjustments}
            orderAmount={quote.orderAmount}
            requestedOffset={quote.requestedOffset}
            rebateOffset={quote.rebateOffset}
            payableAmount={quote.payableAmount}
            pricingDetails={quote.pricingDetails}
            explanation={quote.explanation}
            ruleVersions={quote.ruleVersions}
          />
          <div className="cf-portal-bar">
            <Button type="primary" size="large" block loading={busy === 'submit'} onClick={() => void submit()} data-testid="btn-submit-order">
              {t(`提交订单（应付 ${yuan(quote.payableAmount)}）`, `Submit the order (payable ${yuan(quote.payableAmount)})`)}
            </Button>
          </div>
        </>
      ) : (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('填写后点“计算价格”：先看价格明细与计价依据，确认后再提交。', 'Fill in and press “Price this order”: see the breakdown and why before you submit.')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
