import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { useLabel, useT } from '../app/i18n';
import { ruleSetApi, starterDocument, type RuleSetSummary, type StarterKind } from './rule-set.api';

interface CreateForm {
  key: string;
  zh: string;
  en: string;
  kind: StarterKind;
}

/** The tenant's rule sets with their published and draft versions; creates a new one from a starter. */
export default function RuleSetListPage() {
  const t = useT();
  const label = useLabel();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useRequest(() => ruleSetApi.list(), []);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<CreateForm>();

  const kinds: { value: StarterKind; label: string }[] = [
    { value: 'decisionTable', label: t('决策表', 'Decision table') },
    { value: 'rules', label: t('条件规则', 'Condition rules') },
    { value: 'assign', label: t('公式计算', 'Formulas') },
    { value: 'bandTable', label: t('阶梯表', 'Band table') },
  ];

  const create = async (v: CreateForm) => {
    setBusy(true);
    try {
      await ruleSetApi.create(starterDocument(v.key, { zh: v.zh, en: v.en }, v.kind));
      message.success(t('已创建草稿', 'Draft created'));
      navigate(`/rule-sets/${v.key}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CF_ERR_CONFLICT') form.setFields([{ name: 'key', errors: [t('该编码已存在', 'This key exists already')] }]);
      else message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ padding: 24 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('规则集', 'Rule sets')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="btn-new-rule-set">{t('新建规则集', 'New rule set')}</Button>
      </Space>
      <Table<RuleSetSummary>
        data-testid="rule-set-list"
        rowKey="key"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('名称', 'Name'), render: (_, r) => <Link to={`/rule-sets/${r.key}`} data-testid={`rule-set-${r.key}`}>{label(r.name, r.key)}</Link> },
          { title: t('编码', 'Key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('已发布版本', 'Published'), dataIndex: 'published', render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Tag>{t('未发布', 'none')}</Tag>) },
          { title: t('草稿', 'Draft'), dataIndex: 'draft', render: (v: number | null) => (v ? <Tag color="orange">v{v}</Tag> : '—') },
        ]}
      />
      <Modal
        title={t('新建规则集', 'New rule set')}
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('创建', 'Create')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'decisionTable' }} onFinish={create} preserve={false}>
          <Form.Item name="key" label={t('编码', 'Key')} rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: t('小写字母、数字和连字符', 'lower-case letters, digits and hyphens') }]}>
            <Input placeholder="volume-discount" data-testid="new-key" />
          </Form.Item>
          <Form.Item name="zh" label={t('中文名称', 'Chinese name')} rules={[{ required: true }]}><Input data-testid="new-name-zh" /></Form.Item>
          <Form.Item name="en" label={t('英文名称', 'English name')} rules={[{ required: true }]}><Input data-testid="new-name-en" /></Form.Item>
          <Form.Item name="kind" label={t('类型（第一个步骤）', 'Kind (first step)')}><Select options={kinds} data-testid="new-kind" /></Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
