import { DeleteOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Input, Modal, Popconfirm, Select, Space, Tag } from 'antd';
import { useState, type ComponentProps } from 'react';
import { ApiError, apiDelete, apiGet, apiPost, apiPut } from '../api/client';
import { useRequest } from '../api/use-request';
import { useT } from '../app/i18n';
import type { SavedView, ViewState } from './admin.api';

/** Pick a saved view (mine and shared ones), save the current one under a name, share, update or delete my own. */
export function SavedViewsBar({ state, selected, onSelect }: { state: ViewState; selected: string | null; onSelect(view: SavedView | null): void }) {
  const t = useT();
  const { message } = App.useApp();
  const views = useRequest(() => apiGet<SavedView[]>('/api/saved-views?table=dealers'), []);
  const [saveAs, setSaveAs] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const current = views.data?.find((v) => v.id === selected) ?? null;

  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  const create = async () => {
    try {
      const view = await apiPost<SavedView>('/api/saved-views', { table: 'dealers', name, shared, state });
      setSaveAs(false);
      await views.reload();
      onSelect(view);
      message.success(t('视图已保存', 'View saved'));
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) setNameError(e.problems.map((p) => p.message).join('; '));
      else fail(e);
    }
  };
  const update = async (body: { state?: ViewState; shared?: boolean }) => {
    if (!current) return;
    try {
      const view = await apiPut<SavedView>(`/api/saved-views/${current.id}`, { version: current.version, ...body });
      await views.reload();
      onSelect(view);
      message.success(t('视图已更新', 'View updated'));
    } catch (e) {
      fail(e);
    }
  };
  const remove = async () => {
    if (!current) return;
    try {
      await apiDelete(`/api/saved-views/${current.id}`);
      onSelect(null);
      await views.reload();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space wrap>
      <Select
        allowClear
        placeholder={t('选择已保存的视图', 'Pick a saved view')}
        style={{ width: 260 }}
        value={selected ?? undefined}
        loading={views.loading}
        onChange={(id?: string) => onSelect(views.data?.find((v) => v.id === id) ?? null)}
        options={(views.data ?? []).map((v) => ({
          value: v.id,
          label: <span>{v.name}{v.shared && <Tag color="blue" style={{ marginInlineStart: 6 }}>{t('共享', 'shared')}</Tag>}{!v.mine && <Tag>{v.owner.displayName}</Tag>}</span>,
          title: v.name,
        }))}
        data-testid="saved-view-select"
      />
      <Button icon={<SaveOutlined />} onClick={() => { setName(''); setShared(false); setNameError(null); setSaveAs(true); }} data-testid="btn-view-save-as">
        {t('另存为视图', 'Save as view')}
      </Button>
      {current?.mine && (
        <>
          <Button onClick={() => void update({ state })} data-testid="btn-view-update">{t('保存到当前视图', 'Save to this view')}</Button>
          <Button icon={<ShareAltOutlined />} onClick={() => void update({ shared: !current.shared })} data-testid="btn-view-share">
            {current.shared ? t('取消共享', 'Stop sharing') : t('共享给同事', 'Share')}
          </Button>
          <Popconfirm title={t(`删除视图“${current.name}”？`, `Delete view "${current.name}"?`)} onConfirm={() => void remove()}>
            <Button danger icon={<DeleteOutlined />} data-testid="btn-view-delete">{t('删除', 'Delete')}</Button>
          </Popconfirm>
        </>
      )}
      <Modal
        open={saveAs}
        title={t('另存为视图', 'Save as view')}
        okText={t('保存', 'Save')}
        okButtonProps={{ disabled: !name.trim(), 'data-testid': 'btn-view-save-confirm' } as ComponentProps<typeof Button>}
        onOk={() => void create()}
        onCancel={() => setSaveAs(false)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            autoFocus
            placeholder={t('视图名称', 'View name')}
            value={name}
            maxLength={100}
            status={nameError ? 'error' : undefined}
            onChange={(e) => { setName(e.target.value); setNameError(null); }}
            data-testid="input-view-name"
          />
          {nameError && <span style={{ color: '#cf1322' }} data-testid="view-name-error">{nameError}</span>}
          <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)} data-testid="check-view-shared">{t('共享给本企业的同事', 'Share with colleagues of this tenant')}</Checkbox>
        </Space>
      </Modal>
    </Space>
  );
}
