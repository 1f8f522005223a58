import { Result, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useAuth } from '../api/auth';
import { useT } from '../app/i18n';
import { DealersTab } from './DealersTab';
import { ProductsTab } from './ProductsTab';

/** 经销商 / Dealers: the staff table of dealers with saved views, and the products tab; Excel import for business admins. */
export default function DealersAdminPage() {
  const t = useT();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const roles = user?.systemRoles ?? [];
  if (!roles.some((r) => r === 'TENANT_ADMIN' || r === 'APPROVER')) {
    return <Result status="403" title={t('无权查看经销商列表', 'You may not view the dealers table')} data-testid="dealers-forbidden" />;
  }
  const canImport = roles.includes('TENANT_ADMIN');
  const tab = params.get('tab') === 'products' ? 'products' : 'dealers';
  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>{t('经销商与产品', 'Dealers and products')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'products' ? { tab: 'products' } : {})}
        items={[
          { key: 'dealers', label: t('经销商', 'Dealers'), children: <DealersTab canImport={canImport} /> },
          { key: 'products', label: t('产品', 'Products'), children: <ProductsTab canImport={canImport} /> },
        ]}
        data-testid="admin-tabs"
      />
    </div>
  );
}
