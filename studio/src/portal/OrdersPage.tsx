import { RightOutlined } from '@ant-design/icons';
import { Card, Empty, Spin, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { ApiErrorAlert } from './ApiErrorAlert';
import { isOrderStatus, orderStatusTags } from './order-status';
import { portalApi } from './portal-api';
import { yuan } from './portal-format';

export function OrderStatusTag({ status }: { status: string }) {
  const { locale } = useLocale();
  if (!isOrderStatus(status)) return <Tag>{status}</Tag>;
  const tag = orderStatusTags[status];
  return <Tag color={tag.color} data-testid="order-status" data-status={status}>{locale === 'en' ? tag.en : tag.zh}</Tag>;
}

/** 我的订单: newest first; the API narrows a dealer user to its own dealer. */
export default function OrdersPage() {
  const t = useT();
  const navigate = useNavigate();
  const orders = useRequest(() => portalApi.orders(), []);
  return (
    <div data-testid="my-orders">
      <Typography.Title level={4} style={{ margin: '4px 0 8px' }}>
        {t('我的订单', 'My orders')}
        {orders.data ? <Typography.Text type="secondary" style={{ fontSize: 13, marginInlineStart: 8 }}>{t(`共 ${orders.data.total} 单`, `${orders.data.total} in all`)}</Typography.Text> : null}
      </Typography.Title>
      <ApiErrorAlert error={orders.error} />
      {orders.loading && !orders.data ? <Spin style={{ display: 'block', margin: 32 }} /> : null}
      {orders.data && orders.data.items.length === 0 ? <Empty description={t('还没有订单', 'No orders yet')} /> : null}
      {orders.data?.items.map((o) => (
        <Card key={o.id} size="small" className="cf-portal-card" hoverable onClick={() => navigate(`/portal/orders/${o.id}`)} data-testid="order-card" data-order-no={o.orderNo}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong>{o.orderNo}</Typography.Text>
                <OrderStatusTag status={o.status} />
              </div>
              <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, color: '#6b7280', marginTop: 4 }}>
                <span>{o.orderDate} · {o.shipToRegion}</span>
                <span className="cf-portal-amount" style={{ color: '#111827', fontSize: 14 }}>{yuan(o.payableAmount)}</span>
              </div>
            </div>
            <RightOutlined style={{ color: '#9ca3af' }} />
          </div>
        </Card>
      ))}
    </div>
  );
}
