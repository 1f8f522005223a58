import { LeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Result, Spin, Timeline, Typography } from 'antd';
import { Fragment, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { useVocabulary } from '../app/use-vocabulary';
import { ApiErrorAlert } from './ApiErrorAlert';
import { customFieldRows } from './order-form';
import { dealerMayCancel, timelineColor } from './order-status';
import { OrderStatusTag } from './OrdersPage';
import { portalApi } from './portal-api';
import { shanghaiTime, yuan } from './portal-format';
import { PriceBreakdown } from './PriceBreakdown';

function OrderTimeline({ id, reloadKey }: { id: string; reloadKey: number }) {
  const t = useT();
  const { locale } = useLocale();
  const timeline = useRequest(() => portalApi.timeline(id), [id, reloadKey]);
  return (
    <Card size="small" className="cf-portal-card" title={t('订单进度', 'Progress')} data-testid="order-timeline">
      <ApiErrorAlert error={timeline.error} title={t('流转记录暂不可用', 'The timeline is unavailable')} testId="timeline-error" />
      {timeline.loading && !timeline.data ? <Spin /> : null}
      {timeline.data ? (
        <Timeline
          items={timeline.data.items.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: timelineColor(e.kind),
            content: (
              <div data-testid="timeline-item" data-kind={e.kind}>
                <Typography.Text strong>{locale === 'en' ? e.label.en : e.label.zh}</Typography.Text>
                <div style={{ fontSize: 12, color: '#6b7280' }}>
                  {shanghaiTime(e.at, locale)}{e.actorName ? ` · ${e.actorName}` : ''}
                </div>
                {e.comment ? <div style={{ fontSize: 13, marginTop: 2 }}>“{e.comment}”</div> : null}
              </div>
            ),
          }))}
        />
      ) : null}
    </Card>
  );
}

/** One of my orders: status, lines with their prices and why, the timeline, and 取消 while undecided. */
export default function OrderDetailPage() {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { vocabulary } = useVocabulary();
  const [reloadKey, setReloadKey] = useState(0);
  const order = useRequest(() => portalApi.order(id), [id, reloadKey]);
  const [cancelError, setCancelError] = useState<unknown>();
  const [cancelling, setCancelling] = useState(false);

  const back = <Link to="/portal/orders"><LeftOutlined /> {t('我的订单', 'My orders')}</Link>;
  if (order.error instanceof ApiError && order.error.status === 404) {
    return (
      <div data-testid="order-not-found">
        {back}
        <Result status="404" title={t('订单不存在', 'Order not found')} subTitle={t('该订单不存在，或不属于贵司。', 'This order does not exist or is not yours.')} />
      </div>
    );
  }
  if (order.error) return <>{back}<ApiErrorAlert error={order.error} /></>;
  if (!order.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const o = order.data;

  const cancel = async () => {
    setCancelling(true);
    setCancelError(undefined);
    try {
      const after = await portalApi.cancelOrder(o.id);
      message.success(t(`订单 ${after.orderNo} 已取消`, `Order ${after.orderNo} cancelled`));
      setReloadKey((k) => k + 1);
    } catch (err) {
      setCancelError(err);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div data-testid="order-detail" data-order-id={o.id}>
      {back}
      <Card size="small" className="cf-portal-card" style={{ marginTop: 8 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="order-no">{o.orderNo}</Typography.Text>
          <OrderStatusTag status={o.status} />
        </div>
        <div className="cf-portal-kv" style={{ marginTop: 8 }}>
          <span>{t('下单日期', 'Order date')}</span><span>{o.orderDate}</span>
          <span>{t('收货区域', 'Ship-to region')}</span><span>{o.shipToRegion}</span>
          {o.shipToAddress ? <><span>{t('收货地址', 'Address')}</span><span>{o.shipToAddress}</span></> : null}
          {o.submittedAt ? <><span>{t('提交时间', 'Submitted')}</span><span>{shanghaiTime(o.submittedAt, locale)}</span></> : null}
          {o.shippingCost ? <><span>{t('运费', 'Shipping')}</span><span>{yuan(o.shippingCost)}</span></> : null}
          {customFieldRows(vocabulary.customFields.order, o.customFields, lang).map((f) => (
            <Fragment key={f.key}><span data-testid="order-field" data-key={f.key}>{f.title}</span><span>{f.text}</span></Fragment>
          ))}
          <span>{t('应付金额', 'Payable')}</span><Typography.Text strong>{yuan(o.payableAmount)}</Typography.Text>
        </div>
        {dealerMayCancel(o.status) ? (
          <Popconfirm
            title={t('取消这张订单？', 'Cancel this order?')}
            description={t('审批将撤回；已抵扣的返利退回原返利条目，已分配的库存释放。', 'Its approval is withdrawn; any rebate used goes back to its entries and allocated stock is released.')}
            okText={t('取消订单', 'Cancel order')}
            cancelText={t('不取消', 'Keep it')}
            okButtonProps={{ danger: true, ...{ 'data-testid': 'btn-cancel-confirm' } }}
            onConfirm={() => void cancel()}
          >
            <Button danger block style={{ marginTop: 12 }} loading={cancelling} data-testid="btn-cancel-order">{t('取消订单', 'Cancel order')}</Button>
          </Popconfirm>
        ) : null}
        <ApiErrorAlert error={cancelError} />
      </Card>
      <OrderTimeline id={o.id} reloadKey={reloadKey} />
      <PriceBreakdown
        tier={o.tierAtOrder}
        lines={o.lines}
        adjustments={o.adjustments}
        orderAmount={o.orderAmount}
        requestedOffset={o.requestedOffset}
        rebateOffset={o.rebateOffset}
        payableAmount={o.payableAmount}
        pricingDetails={o.pricingDetails}
        explanation={o.explanation}
        ruleVersions={o.ruleVersions}
      />
    </div>
  );
}
