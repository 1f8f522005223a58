import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../api/auth';
import { ApiError } from '../api/client';
import { useT } from '../app/i18n';

interface LoginForm { tenant: string; login: string; password: string }

/** The company code last signed in with on this browser (prefilled; no tenant is the default). */
const LAST_TENANT = 'cf.tenant';

export function LoginPage() {
  const t = useT();
  const { login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.tenant.trim(), values.login.trim(), values.password);
      localStorage.setItem(LAST_TENANT, values.tenant.trim());
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from ?? '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 380 }} data-testid="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>Channelflow {t('工作室', 'Studio')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<LoginForm> layout="vertical" initialValues={{ tenant: localStorage.getItem(LAST_TENANT) ?? '' }} onFinish={onFinish}>
          <Form.Item name="tenant" label={t('企业代码', 'Tenant')} rules={[{ required: true, message: t('请输入企业代码', 'Enter the tenant') }]}>
            <Input autoComplete="organization" />
          </Form.Item>
          <Form.Item name="login" label={t('账号', 'Login')} rules={[{ required: true, message: t('请输入账号', 'Enter your login') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('密码', 'Password')} rules={[{ required: true, message: t('请输入密码', 'Enter your password') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('登录', 'Log in')}</Button>
        </Form>
      </Card>
    </div>
  );
}
