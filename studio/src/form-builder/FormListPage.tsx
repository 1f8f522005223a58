import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, apiGet, apiPost } from '../api/client';
import { useLabel, useT } from '../app/i18n';
import { useRequest } from '../api/use-request';
import { newFormModel } from './model/form-model';
import { toFormDocument } from './model/form-schema-generate';

interface FormListEntry {
  key: string;
  name?: { zh?: string; en?: string };
  published: number | null;
  draft: number | null;
}

const keyPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** /studio/forms — the tenant's forms with their published and draft versions; a new form starts empty. */
export default function FormListPage() {
  const t = useT();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const forms = useRequest(() => apiGet<FormListEntry[]>('/api/forms'), []);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ key: string; zh: string; en?: string }>();

  const create = async () => {
    const v = await form.validateFields();
    try {
      const doc = toFormDocument(newFormModel(v.key, { zh: v.zh, ...(v.en ? { en: v.en } : {}) }));
      await apiPost('/api/forms', { document: doc });
      setCreating(false);
      navigate(`/forms/${v.key}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CF_ERR_CONFLICT') form.setFields([{ name: 'key', errors: [t('此标识已被使用', 'This key is taken')] }]);
      else message.error((err as Error).message);
    }
  };

  return (
    <div style={{ padding: 24 }}>
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>{t('表单', 'Forms')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }} data-testid="btn-new-form">{t('新建表单', 'New form')}</Button>
      </div>
      {forms.error ? <Alert type="error" showIcon title={(forms.error as Error).message} style={{ marginBottom: 16 }} /> : null}
      <Table<FormListEntry>
        rowKey="key"
        loading={forms.loading}
        dataSource={forms.data ?? []}
        pagination={false}
        data-testid="forms-table"
        onRow={(r) => ({ onClick: () => navigate(`/forms/${r.key}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('名称', 'Name'), render: (_, r) => <b>{label(r.name, r.key)}</b> },
          { title: t('标识', 'Key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('已发布', 'Published'), dataIndex: 'published', render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Typography.Text type="secondary">—</Typography.Text>) },
          { title: t('草稿', 'Draft'), dataIndex: 'draft', render: (v: number | null) => (v ? <Tag color="gold">v{v}</Tag> : <Typography.Text type="secondary">—</Typography.Text>) },
        ]}
      />
      <Modal open={creating} title={t('新建表单', 'New form')} onCancel={() => setCreating(false)} onOk={create} okText={t('创建', 'Create')} okButtonProps={{ 'data-testid': 'btn-create-form' } as Record<string, string>} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="key" label={t('标识（小写字母、数字、连字符）', 'Key (lowercase, digits, hyphens)')} rules={[{ required: true, message: t('请填写标识', 'Enter a key') }, { pattern: keyPattern, message: t('只能用小写字母、数字和连字符，且以字母或数字开头', 'Lowercase letters, digits and hyphens; start with a letter or digit') }]}>
            <Input data-testid="new-form-key" placeholder="rebate-claim" />
          </Form.Item>
          <Form.Item name="zh" label={t('中文名称', 'Chinese name')} rules={[{ required: true, message: t('请填写名称', 'Enter a name') }]}>
            <Input data-testid="new-form-zh" placeholder="返利申请" />
          </Form.Item>
          <Form.Item name="en" label={t('英文名称', 'English name')}>
            <Input data-testid="new-form-en" placeholder="Rebate claim" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
