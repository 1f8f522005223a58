import { Alert, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError, apiGet } from '../api/client';
import { useAuth } from '../api/auth';
import { useRequest } from '../api/use-request';
import { useLabel, useT } from '../app/i18n';
import { useUserNames } from './use-user-names';

interface KeyEntry {
  key: string;
  name?: { zh?: string; en?: string };
  published: number | null;
  draft: number | null;
}
interface VersionEntry {
  version: number;
  status: string;
  createdAt?: string;
  createdBy?: string | null;
  publishedAt?: string | null;
  publishedBy?: string | null;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
}

interface KindSpec {
  kind: 'ruleSet' | 'workflow' | 'form';
  list(): Promise<KeyEntry[]>;
  versions(key: string): Promise<VersionEntry[]>;
}

const enc = encodeURIComponent;
const kinds: KindSpec[] = [
  { kind: 'ruleSet', list: () => apiGet<KeyEntry[]>('/api/rule-sets'), versions: (k) => apiGet<VersionEntry[]>(`/api/rule-sets/${enc(k)}/versions`) },
  {
    kind: 'workflow',
    // the workflow list holds published definitions; their versions (drafts too) come per key
    list: async () => (await apiGet<{ key: string; version: number; name?: KeyEntry['name'] }[]>('/api/workflows')).map((w) => ({ key: w.key, name: w.name, published: w.version, draft: null })),
    versions: (k) => apiGet<VersionEntry[]>(`/api/workflows/${enc(k)}/versions`),
  },
  { kind: 'form', list: () => apiGet<KeyEntry[]>('/api/forms'), versions: (k) => apiGet<VersionEntry[]>(`/api/forms/${enc(k)}/versions`) },
];

function StatusTag({ status }: { status: string }) {
  const t = useT();
  if (status === 'DRAFT') return <Tag color="gold">{t('草稿', 'Draft')}</Tag>;
  if (status === 'PUBLISHED') return <Tag color="green">{t('已发布', 'Published')}</Tag>;
  if (status === 'SUPERSEDED') return <Tag>{t('已被取代', 'Superseded')}</Tag>;
  if (status === 'RETIRED') return <Tag color="red">{t('已下线', 'Retired')}</Tag>;
  return <Tag>{status}</Tag>;
}

const when = (s?: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

function Versions({ spec, docKey }: { spec: KindSpec; docKey: string }) {
  const t = useT();
  const who = useUserNames();
  const versions = useRequest(() => spec.versions(docKey), [spec, docKey]);
  const author = (id?: string | null) => (id ? who(id) ?? id.slice(0, 8) : t('部署', 'deploy'));
  if (versions.error) return <Alert type="error" showIcon title={(versions.error as Error).message} />;
  return (
    <Table<VersionEntry>
      size="small"
      rowKey="version"
      loading={versions.loading}
      dataSource={versions.data ?? []}
      pagination={false}
      columns={[
        { title: t('版本', 'Version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
        { title: t('状态', 'Status'), dataIndex: 'status', width: 110, render: (s: string) => <StatusTag status={s} /> },
        { title: t('创建', 'Created'), render: (_, v) => <>{when(v.createdAt)} {'createdBy' in v ? <Typography.Text type="secondary">· {author(v.createdBy)}</Typography.Text> : null}</> },
        { title: t('发布', 'Published'), render: (_, v) => <>{when(v.publishedAt)} {v.publishedBy ? <Typography.Text type="secondary">· {author(v.publishedBy)}</Typography.Text> : null}</> },
        ...(spec.kind === 'ruleSet' ? [{ title: t('生效期', 'In effect'), render: (_: unknown, v: VersionEntry) => (v.effectiveFrom || v.effectiveTo ? `${v.effectiveFrom ?? '…'} ~ ${v.effectiveTo ?? '…'}` : '—') }] : []),
      ]}
    />
  );
}

function KindTable({ spec }: { spec: KindSpec }) {
  const t = useT();
  const label = useLabel();
  const list = useRequest(() => spec.list(), [spec]);
  if (list.error) {
    const forbidden = list.error instanceof ApiError && list.error.code === 'AUTH_ERR_FORBIDDEN';
    return <Alert type={forbidden ? 'info' : 'error'} showIcon title={forbidden ? t('当前账号无权查看此类文档', 'Your account may not read these documents') : (list.error as Error).message} />;
  }
  return (
    <Table<KeyEntry>
      size="small"
      rowKey="key"
      loading={list.loading}
      dataSource={list.data ?? []}
      pagination={false}
      data-testid={`versions-${spec.kind}`}
      expandable={{ expandedRowRender: (r) => <Versions spec={spec} docKey={r.key} /> }}
      columns={[
        { title: t('名称', 'Name'), render: (_, r) => label(r.name, r.key) },
        { title: t('标识', 'Key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
        { title: t('已发布', 'Published'), dataIndex: 'published', render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : '—') },
        { title: t('草稿', 'Draft'), dataIndex: 'draft', render: (v: number | null) => (v ? <Tag color="gold">v{v}</Tag> : '—') },
      ]}
    />
  );
}

/** The versions of each kind of document the tenant authors (rule sets, workflows, forms), with status and author. */
export function DocumentVersions() {
  const t = useT();
  const { user } = useAuth();
  const names = { ruleSet: t('规则集', 'Rule sets'), workflow: t('流程', 'Workflows'), form: t('表单', 'Forms') };
  // rule sets are readable by business admins only; others start on the workflows
  const first = user?.systemRoles.includes('TENANT_ADMIN') ? 'ruleSet' : 'workflow';
  return <Tabs defaultActiveKey={first} items={kinds.map((spec) => ({ key: spec.kind, label: names[spec.kind], children: <KindTable spec={spec} /> }))} />;
}
