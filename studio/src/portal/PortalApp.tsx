import { AppstoreOutlined, FileTextOutlined, ShoppingCartOutlined, SolutionOutlined, WalletOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Segmented, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { hasSystemRole, useAuth } from '../api/auth';
import { useRequest } from '../api/use-request';
import { useLocale, useT } from '../app/i18n';
import { tierLabel, useVocabulary } from '../app/use-vocabulary';
import { portalApi } from './portal-api';
import './portal.css';

// Each screen is its own chunk: the order form pulls in the form renderer, the others stay small.
const CataloguePage = lazy(() => import('./CataloguePage'));
const PlaceOrderPage = lazy(() => import('./PlaceOrderPage'));
const OrdersPage = lazy(() => import('./OrdersPage'));
const OrderDetailPage = lazy(() => import('./OrderDetailPage'));
const AccountPage = lazy(() => import('./AccountPage'));
const OnboardingPage = lazy(() => import('./OnboardingPage'));

const tabs = [
  { key: 'catalogue', to: '/portal', icon: <AppstoreOutlined />, zh: '商品目录', en: 'Catalogue' },
  { key: 'order', to: '/portal/order', icon: <ShoppingCartOutlined />, zh: '下单', en: 'Order' },
  { key: 'orders', to: '/portal/orders', icon: <FileTextOutlined />, zh: '我的订单', en: 'My orders' },
  { key: 'account', to: '/portal/account', icon: <WalletOutlined />, zh: '返利与信用', en: 'Rebate & credit' },
  { key: 'onboarding', to: '/portal/onboarding', icon: <SolutionOutlined />, zh: '入驻申请', en: 'Onboarding' },
] as const;

function activeTab(pathname: string): string {
  const part = pathname.replace(/^\/portal\/?/, '').split('/')[0];
  return part === '' ? 'catalogue' : part === 'orders' ? 'orders' : part;
}

/** The dealer portal: a top bar, one phone-width column and a bottom tab bar; readable on a desktop too. */
export default function PortalApp() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { user, logout } = useAuth();
  const { vocabulary } = useVocabulary();
  const navigate = useNavigate();
  const location = useLocation();
  const isDealer = hasSystemRole(user, 'DEALER_USER') && !!user?.dealerId;
  const dealer = useRequest(() => (isDealer ? portalApi.dealer(user!.dealerId!) : Promise.resolve(null)), [isDealer, user?.dealerId]);
  const current = activeTab(location.pathname);
  const dealerName = dealer.data ? (locale === 'en' && dealer.data.nameEn ? dealer.data.nameEn : dealer.data.name) : user?.tenant.name;

  return (
    <div className="cf-portal" data-testid="portal">
      <div className="cf-portal-column">
        <header className="cf-portal-top">
          <div className="cf-portal-title">
            <Typography.Text strong style={{ fontSize: 16 }}>{t('经销商门户', 'Dealer portal')}</Typography.Text>
            <small data-testid="portal-dealer">{dealerName}{dealer.data?.tier ? ` · ${tierLabel(vocabulary, dealer.data.tier, locale === 'en' ? 'en' : 'zh')}` : ''}</small>
          </div>
          <Segmented
            size="small"
            value={locale}
            options={[{ label: '中', value: 'zh-CN' }, { label: 'EN', value: 'en' }]}
            onChange={(v) => setLocale(v as 'zh-CN' | 'en')}
            data-testid="locale-switch"
          />
          <Dropdown menu={{ items: [{ key: 'logout', label: t('退出登录', 'Log out') }], onClick: () => void logout().then(() => navigate('/login')) }}>
            <Button type="text" size="small" style={{ color: '#fff', maxWidth: 110 }} data-testid="current-user">
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{user?.displayName}</span>
            </Button>
          </Dropdown>
        </header>
        <main className="cf-portal-main">
          {!isDealer ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="portal-staff-note"
              title={t('经销商门户供经销商账号使用', 'The portal is for dealer accounts')}
              description={<>{t('您是企业员工账号：目录按标准价显示，下单、返利与信用需以经销商身份查看。', 'You are signed in as staff: the catalogue shows list prices; orders, rebates and credit belong to a dealer.')} <Link to="/">{t('返回工作室', 'Back to the studio')}</Link></>}
            />
          ) : null}
          <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
            <Routes>
              <Route index element={<CataloguePage />} />
              <Route path="order" element={<PlaceOrderPage />} />
              <Route path="orders" element={<OrdersPage />} />
              <Route path="orders/:id" element={<OrderDetailPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="onboarding" element={<OnboardingPage dealer={dealer.data ?? null} />} />
              <Route path="*" element={<Navigate to="/portal" replace />} />
            </Routes>
          </Suspense>
        </main>
        <nav className="cf-portal-tabs" data-testid="portal-tabs">
          {tabs.map((tab) => (
            <button
              key={tab.key}
              type="button"
              className={`cf-portal-tab${current === tab.key ? ' active' : ''}`}
              aria-current={current === tab.key ? 'page' : undefined}
              onClick={() => navigate(tab.to)}
              data-testid={`portal-tab-${tab.key}`}
            >
              {tab.icon}
              <span>{t(tab.zh, tab.en)}</span>
            </button>
          ))}
        </nav>
      </div>
    </div>
  );
}
