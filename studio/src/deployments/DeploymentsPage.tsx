import { DiffOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError, apiGet, apiPost } from '../api/client';
import { useAuth } from '../api/auth';
import { useRequest } from '../api/use-request';
import { useT } from '../app/i18n';
import { DocumentVersions } from './DocumentVersions';

export interface BundleChange {
  path: string;
  kind: string;
  key: string;
}
export interface BundleDiff {
  added: BundleChange[];
  changed: BundleChange[];
  removed: BundleChange[];
  unchanged: number;
}
export interface DeploymentView {
  number: number | null;
  kind: 'DEPLOY' | 'ROLLBACK';
  rollbackOf?: number | null;
  message?: string | null;
  deployedBy?: string | null;
  createdAt: string;
  dryRun?: boolean;
  diff: BundleDiff;
}

const kindLabel = (kind: string, t: (zh: string, en: string) => string) =>
  ({ manifest: t('租户清单', 'Manifest'), ruleSet: t('规则集', 'Rule set'), workflow: t('流程', 'Workflow'), form: t('表单', 'Form'), calendar: t('日历', 'Calendar') } as Record<string, string>)[kind] ?? kind;

/** Added / changed / removed documents of a diff, one line each. */
export function DiffList({ diff }: { diff: BundleDiff }) {
  const t = useT();
  const rows = [
    ...diff.added.map((c) => ({ ...c, op: 'added' as const })),
    ...diff.changed.map((c) => ({ ...c, op: 'changed' as const })),
    ...diff.removed.map((c) => ({ ...c, op: 'removed' as const })),
  ];
  const tag = { added: <Tag color="green">{t('新增', 'added')}</Tag>, changed: <Tag color="blue">{t('修改', 'changed')}</Tag>, removed: <Tag color="red">{t('移除', 'removed')}</Tag> };
  if (rows.length === 0) return <Typography.Text type="secondary">{t(`无变化（${diff.unchanged} 个文档相同）`, `No change (${diff.unchanged} documents the same)`)}</Typography.Text>;
  return (
    <div data-testid="deployment-diff">
      {rows.map((r) => (
        <div key={`${r.op}:${r.path}`} style={{ padding: '2px 0' }}>
          {tag[r.op]} <Typography.Text type="secondary">{kindLabel(r.kind, t)}</Typography.Text> <Typography.Text code>{r.key}</Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.path}</Typography.Text>
        </div>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`另有 ${diff.unchanged} 个文档未变`, `${diff.unchanged} other documents unchanged`)}</Typography.Text>
    </div>
  );
}

function ChangeSummary({ diff }: { diff: BundleDiff }) {
  return (
    <Space size={4}>
      {diff.added.length ? <Tag color="green">+{diff.added.length}</Tag> : null}
      {diff.changed.length ? <Tag color="blue">~{diff.changed.length}</Tag> : null}
      {diff.removed.length ? <Tag color="red">−{diff.removed.length}</Tag> : null}
      {!diff.added.length && !diff.changed.length && !diff.removed.length ? <Tag>0</Tag> : null}
    </Space>
  );
}

/** /studio/deployments — who deployed what and when, the versions of every document, compare and roll back. */
export default function DeploymentsPage() {
  const t = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const deployments = useRequest(() => apiGet<DeploymentView[]>('/api/config/deployments'), []);
  const [compare, setCompare] = useState<{ to: number; preview?: DeploymentView; error?: string } | null>(null);
  const [rollback, setRollback] = useState<{ to: number; preview?: DeploymentView; message: string; busy?: boolean } | null>(null);
  const roles = user?.systemRoles ?? [];
  // business admins read and compare; rolling back is a deployment, the deployers' job
  const mayRollBack = roles.includes('DEPLOYER');
  const forbidden = deployments.error instanceof ApiError && deployments.error.code === 'AUTH_ERR_FORBIDDEN';
  const latest = deployments.data?.[0]?.number;

  const dryRun = (to: number) => apiPost<DeploymentView>('/api/config/rollback', { to, dryRun: true });
  const openCompare = async (to: number) => {
    setCompare({ to });
    try {
      setCompare({ to, preview: await dryRun(to) });
    } catch (err) {
      setCompare({ to, error: (err as Error).message });
    }
  };
  const openRollback = async (to: number) => {
    const msg = t(`回滚到部署 #${to}`, `Roll back to deployment #${to}`);
    setRollback({ to, message: msg });
    try {
      const preview = await dryRun(to);
      setRollback((r) => (r && r.to === to ? { ...r, preview } : r));
    } catch (err) {
      message.error((err as Error).message);
      setRollback(null);
    }
  };
  const confirmRollback = async () => {
    if (!rollback) return;
    setRollback({ ...rollback, busy: true });
    try {
      const done = await apiPost<DeploymentView>('/api/config/rollback', { to: rollback.to, message: rollback.message });
      message.success(t(`已回滚，生成部署 #${done.number}`, `Rolled back as deployment #${done.number}`));
      setRollback(null);
      await deployments.reload();
    } catch (err) {
      message.error((err as Error).message);
      setRollback((r) => (r ? { ...r, busy: false } : r));
    }
  };

  return (
    <div style={{ padding: 24, display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('版本与部署', 'Versions and deployments')}</Typography.Title>
      <Card size="small" title={t('部署记录', 'Deployments')}>
        {forbidden ? (
          <Alert type="info" showIcon data-testid="deployments-forbidden"
            title={t('部署记录与对比只对业务管理员和 IT 部署角色开放，回滚只对 IT 部署角色（DEPLOYER）开放', 'Deployments and comparison are open to business admins and deployers; rollback to deployers (DEPLOYER) only')}
            description={t('请使用部署账号（如 machao）登录，或通过 channelflow CLI 查看。下方仍可查看各类文档的版本。', 'Log in as a deployer (e.g. machao) or use the channelflow CLI. Document versions are below.')} />
        ) : deployments.error ? (
          <Alert type="error" showIcon title={(deployments.error as Error).message} />
        ) : (
          <Table<DeploymentView>
            size="small"
            rowKey={(d) => String(d.number)}
            loading={deployments.loading}
            dataSource={deployments.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="deployments-table"
            expandable={{ expandedRowRender: (d) => <DiffList diff={d.diff} />, rowExpandable: () => true }}
            columns={[
              { title: '#', dataIndex: 'number', width: 60, render: (n: number) => <b>#{n}</b> },
              { title: t('类型', 'Kind'), dataIndex: 'kind', width: 130, render: (k: string, d) => (k === 'ROLLBACK' ? <Tag color="orange">{t(`回滚到 #${d.rollbackOf}`, `Rollback to #${d.rollbackOf}`)}</Tag> : <Tag color="blue">{t('部署', 'Deploy')}</Tag>) },
              { title: t('说明', 'Message'), dataIndex: 'message', render: (m?: string | null) => m ?? <Typography.Text type="secondary">—</Typography.Text> },
              { title: t('部署人', 'By'), dataIndex: 'deployedBy', width: 140, render: (by?: string | null) => (by ? <Typography.Text>{by}</Typography.Text> : <Typography.Text type="secondary">{t('系统（初始化）', 'System (initial seed)')}</Typography.Text>) },
              { title: t('时间', 'When'), dataIndex: 'createdAt', width: 170, render: (s: string) => dayjs(s).format('YYYY-MM-DD HH:mm:ss') },
              { title: t('变更', 'Changes'), width: 140, render: (_, d) => <ChangeSummary diff={d.diff} /> },
              {
                title: '', width: 230, render: (_, d) => (
                  <Space>
                    <Button size="small" icon={<DiffOutlined />} disabled={d.number === latest} onClick={() => void openCompare(d.number!)} data-testid={`btn-compare-${d.number}`}>{t('与当前对比', 'Compare')}</Button>
                    {mayRollBack ? (
                      <Button size="small" danger icon={<RollbackOutlined />} disabled={d.number === latest} onClick={() => void openRollback(d.number!)} data-testid={`btn-rollback-${d.number}`}>{t('回滚到此', 'Roll back')}</Button>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('文档版本', 'Document versions')}>
        <DocumentVersions />
      </Card>
      <Drawer open={!!compare} onClose={() => setCompare(null)} title={compare ? t(`若回到部署 #${compare.to}，当前配置将发生的变化`, `What returning to deployment #${compare.to} would change`) : ''} size={560}>
        {compare?.error ? <Alert type="error" showIcon title={compare.error} /> : compare?.preview ? <DiffList diff={compare.preview.diff} /> : t('计算中…', 'Comparing…')}
      </Drawer>
      <Modal
        open={!!rollback}
        title={rollback ? t(`确认回滚到部署 #${rollback.to}？`, `Roll back to deployment #${rollback.to}?`) : ''}
        okText={t('确认回滚', 'Roll back')}
        okButtonProps={{ danger: true, loading: rollback?.busy, disabled: !rollback?.preview, ...({ 'data-testid': 'btn-confirm-rollback' } as object) }}
        onOk={confirmRollback}
        onCancel={() => setRollback(null)}
        data-testid="rollback-modal"
      >
        <Typography.Paragraph type="secondary">
          {t('回滚会把该次部署保存的配置作为一次新的部署发布；运行中的流程实例保持原版本。', 'The configuration that deployment stored is deployed again as a new deployment; running instances keep their versions.')}
        </Typography.Paragraph>
        {rollback?.preview ? <DiffList diff={rollback.preview.diff} /> : t('正在预演…', 'Dry run…')}
        <Input style={{ marginTop: 12 }} value={rollback?.message} onChange={(e) => setRollback((r) => (r ? { ...r, message: e.target.value } : r))} placeholder={t('说明', 'Message')} />
      </Modal>
    </div>
  );
}
