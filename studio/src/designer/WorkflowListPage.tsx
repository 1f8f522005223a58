import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useT } from '../app/i18n';
import { workflowApi, type WorkflowListEntry } from './persistence/workflow-api';
import { newWorkflowDocument } from './store/node-defaults';

interface CreateForm { key: string; zh: string; en: string }

/** The tenant's workflows: open one in the designer, or create a new one (start → end). */
export default function WorkflowListPage() {
  const t = useT();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useRequest(() => workflowApi.list(), []);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CreateForm>();

  const create = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await workflowApi.create(newWorkflowDocument(values.key, { zh: values.zh, en: values.en || values.zh }));
      void message.success(t('流程已创建', 'Workflow created'));
      setCreating(false);
      navigate(`/workflows/${encodeURIComponent(values.key)}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CF_ERR_CONFLICT') form.setFields([{ name: 'key', errors: [t('该编码已被使用', 'This key is taken')] }]);
      else if (err instanceof ApiError && err.problems.length) form.setFields([{ name: 'key', errors: err.problems.map((p) => p.message) }]);
      else void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ padding: 24 }}>
      <Card
        title={t('流程设计', 'Workflows')}
        extra={<Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>{t('刷新', 'Refresh')}</Button>
          <Button type="primary" icon={<PlusOutlined />} data-testid="btn-new-workflow" onClick={() => { form.resetFields(); setCreating(true); }}>{t('新建流程', 'New workflow')}</Button>
        </Space>}
      >
        {list.error ? <Alert type="error" showIcon message={(list.error as Error).message} /> : null}
        <Table<WorkflowListEntry>
          data-testid="workflow-list"
          rowKey="key"
          loading={list.loading}
          dataSource={[...(list.data ?? [])].sort((a, b) => a.key.localeCompare(b.key))}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-testid': `workflow-row-${r.key}`, style: { cursor: 'pointer' }, onClick: () => navigate(`/workflows/${encodeURIComponent(r.key)}`) } as React.HTMLAttributes<HTMLElement>)}
          columns={[
            { title: t('名称', 'Name'), render: (_, r) => <Typography.Link>{label(r.name, r.key)}</Typography.Link> },
            { title: t('编码', 'Key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
            { title: t('已发布版本', 'Published'), dataIndex: 'published', render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Tag>{t('未发布', 'Never')}</Tag>) },
            { title: t('草稿', 'Draft'), dataIndex: 'draft', render: (v: number | null) => (v ? <Tag color="gold">v{v}</Tag> : '—') },
          ]}
        />
      </Card>
      <Modal
        open={creating} title={t('新建流程', 'New workflow')} onCancel={() => setCreating(false)} onOk={() => void create()} confirmLoading={busy}
        okText={t('创建并打开', 'Create and open')} okButtonProps={{ 'data-testid': 'btn-create-workflow' } as unknown as ButtonProps} destroyOnHidden
      >
        <Form form={form} layout="vertical" data-testid="new-workflow-form">
          <Form.Item name="key" label={t('流程编码', 'Key')} extra={t('小写字母、数字和连字符，创建后不可修改', 'Lower-case letters, digits and hyphens; fixed once created')}
            rules={[{ required: true, message: t('请输入流程编码', 'Enter a key') }, { pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: t('只能包含小写字母、数字和连字符', 'Lower-case letters, digits and hyphens only') }]}>
            <Input data-testid="new-workflow-key" placeholder="dealer-credit-review" />
          </Form.Item>
          <Form.Item name="zh" label={t('名称（中文）', 'Name (Chinese)')} rules={[{ required: true, message: t('请输入中文名称', 'Enter a Chinese name') }]}>
            <Input data-testid="new-workflow-zh" />
          </Form.Item>
          <Form.Item name="en" label={t('名称（英文）', 'Name (English)')}>
            <Input data-testid="new-workflow-en" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
