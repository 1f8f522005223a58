import { Button, Drawer, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../app/i18n';
import { useUserNames } from '../../deployments/use-user-names';
import type { FormVersionView } from '../use-form-draft';

export const statusTag = (status: FormVersionView['status'], t: (zh: string, en: string) => string) =>
  status === 'DRAFT' ? <Tag color="gold">{t('草稿', 'Draft')}</Tag> : status === 'PUBLISHED' ? <Tag color="green">{t('已发布', 'Published')}</Tag> : <Tag>{t('已被取代', 'Superseded')}</Tag>;

const when = (s?: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

/** Every version of the form; opening an older one loads it into the editor, and the next save makes it the draft. */
export function VersionsDrawer({ open, versions, current, onClose, onOpen }: {
  open: boolean; versions: FormVersionView[]; current?: number; onClose(): void; onOpen(version: number): void;
}) {
  const t = useT();
  const who = useUserNames();
  return (
    <Drawer open={open} onClose={onClose} title={t('版本历史', 'Versions')} size={640} data-testid="form-versions">
      <Table<FormVersionView>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={versions}
        columns={[
          { title: t('版本', 'Version'), dataIndex: 'version', render: (v: number) => <b>v{v}{v === current ? ` · ${t('编辑中', 'open')}` : ''}</b> },
          { title: t('状态', 'Status'), dataIndex: 'status', render: (s: FormVersionView['status']) => statusTag(s, t) },
          { title: t('创建', 'Created'), render: (_, v) => <>{when(v.createdAt)}<br /><small>{who(v.createdBy) ?? (v.createdBy ? v.createdBy.slice(0, 8) : t('部署', 'deploy'))}</small></> },
          { title: t('发布', 'Published'), render: (_, v) => <>{when(v.publishedAt)}{v.publishedBy ? <><br /><small>{who(v.publishedBy) ?? v.publishedBy.slice(0, 8)}</small></> : null}</> },
          { title: '', render: (_, v) => <Button size="small" disabled={v.version === current} onClick={() => onOpen(v.version)}>{t('打开', 'Open')}</Button> },
        ]}
      />
    </Drawer>
  );
}
