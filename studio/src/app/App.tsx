import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from '../api/auth';
import { LoginPage } from '../pages/LoginPage';
import { DealerToPortal } from '../portal/DealerToPortal';
import { AppLayout } from './AppLayout';
import { LocaleProvider, useLocale } from './i18n';
import 'dayjs/locale/zh-cn';

// Heavy editors are split by route: each is its own chunk.
const HomePage = lazy(() => import('../pages/HomePage'));
const WorkflowListPage = lazy(() => import('../designer/WorkflowListPage'));
const DesignerPage = lazy(() => import('../designer/DesignerPage'));
const SimulatorPage = lazy(() => import('../simulator/SimulatorPage'));
const RuleSetListPage = lazy(() => import('../rule-editor/RuleSetListPage'));
const RuleEditorPage = lazy(() => import('../rule-editor/RuleEditorPage'));
const FormListPage = lazy(() => import('../form-builder/FormListPage'));
const FormBuilderPage = lazy(() => import('../form-builder/FormBuilderPage'));
const DeploymentsPage = lazy(() => import('../deployments/DeploymentsPage'));
const ExtensionPointsPage = lazy(() => import('../extension-points/ExtensionPointsPage'));
const DealersAdminPage = lazy(() => import('../admin/DealersAdminPage'));
const InboxPage = lazy(() => import('../inbox/InboxPage'));
const TaskDetailPage = lazy(() => import('../inbox/TaskDetailPage'));
const DashboardsPage = lazy(() => import('../dashboards/DashboardsPage'));
const PortalApp = lazy(() => import('../portal/PortalApp'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spin fullscreen />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1a5fd0', borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LocaleProvider>
      <Themed>
        <AuthProvider>
          <BrowserRouter basename="/studio">
            <Suspense fallback={<Spin fullscreen />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/portal/*" element={<RequireAuth><PortalApp /></RequireAuth>} />
                <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
                  <Route index element={<DealerToPortal><HomePage /></DealerToPortal>} />
                  <Route path="workflows" element={<WorkflowListPage />} />
                  <Route path="workflows/:key" element={<DesignerPage />} />
                  <Route path="workflows/:key/simulate" element={<SimulatorPage />} />
                  <Route path="rule-sets" element={<RuleSetListPage />} />
                  <Route path="rule-sets/:key" element={<RuleEditorPage />} />
                  <Route path="forms" element={<FormListPage />} />
                  <Route path="forms/:key" element={<FormBuilderPage />} />
                  <Route path="deployments" element={<DeploymentsPage />} />
                  <Route path="extension-points" element={<ExtensionPointsPage />} />
                  <Route path="dealers" element={<DealersAdminPage />} />
                  <Route path="inbox" element={<InboxPage />} />
                  <Route path="inbox/instance/:instanceId" element={<TaskDetailPage />} />
                  <Route path="inbox/:taskId" element={<TaskDetailPage />} />
                  <Route path="dashboards" element={<DashboardsPage />} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AuthProvider>
      </Themed>
    </LocaleProvider>
  );
}
