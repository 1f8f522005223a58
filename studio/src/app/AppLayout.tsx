import { ApartmentOutlined, ApiOutlined, CloudUploadOutlined, FormOutlined, HomeOutlined, TableOutlined } from '@ant-design/icons';
import { InboxOutlined } from '@ant-design/icons';
import { visibleMenu } from '../inbox/menu-visibility';
import { DashboardOutlined } from '@ant-design/icons';
import { ShopOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Segmented, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../api/auth';
import { useLocale, useT } from './i18n';

export function AppLayout() {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const section = '/' + (location.pathname.split('/')[1] ?? '');
  const items = [
    { key: '/', icon: <HomeOutlined />, label: t('概览', 'Overview') },
    { key: '/inbox', icon: <InboxOutlined />, label: t('待办中心', 'Inbox') },
    { key: '/workflows', icon: <ApartmentOutlined />, label: t('流程设计', 'Workflows') },
    { key: '/rule-sets', icon: <TableOutlined />, label: t('规则', 'Rules') },
    { key: '/forms', icon: <FormOutlined />, label: t('表单', 'Forms') },
    { key: '/deployments', icon: <CloudUploadOutlined />, label: t('版本与部署', 'Deployments') },
    ...(user?.systemRoles.some((r) => r === 'TENANT_ADMIN' || r === 'APPROVER') ? [{ key: '/dashboards', icon: <DashboardOutlined />, label: t('经营看板', 'Dashboards') }] : []),
    ...(user?.systemRoles.includes('TENANT_ADMIN') ? [{ key: '/dealers', icon: <ShopOutlined />, label: t('经销商', 'Dealers') }] : []),
    ...(user?.systemRoles.some((r) => r === 'TENANT_ADMIN' || r === 'DEPLOYER') ? [{ key: '/extension-points', icon: <ApiOutlined />, label: t('扩展点', 'Extension points') }] : []),
  ];
  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff', borderBottom: '1px solid #e5e7eb', paddingInline: 16 }}>
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>Channelflow {t('工作室', 'Studio')}</Typography.Text>
        <Menu
          mode="horizontal"
          selectedKeys={[section]}
          items={visibleMenu(items, user?.systemRoles ?? [])}
          onClick={(e) => navigate(e.key)}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          data-testid="main-menu"
        />
        <Segmented
          size="small"
          value={locale}
          options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]}
          onChange={(v) => setLocale(v as 'zh-CN' | 'en')}
          data-testid="locale-switch"
        />
        <Dropdown menu={{ items: [{ key: 'logout', label: t('退出登录', 'Log out') }], onClick: () => void logout() }}>
          <Button type="text" data-testid="current-user">{user?.displayName} · {user?.tenant.name}</Button>
        </Dropdown>
      </Layout.Header>
      <Layout.Content style={{ minHeight: 0, overflow: 'auto' }}>
        <Suspense fallback={<Spin style={{ margin: 48 }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
