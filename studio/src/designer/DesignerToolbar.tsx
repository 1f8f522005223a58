import {
  ApartmentOutlined, CheckCircleOutlined, CloudUploadOutlined, ExpandOutlined, HistoryOutlined, LoadingOutlined,
  PlayCircleOutlined, RedoOutlined, SaveOutlined, UndoOutlined, WarningOutlined,
} from '@ant-design/icons';
import { Button, Divider, Space, Tag, Tooltip, Typography } from 'antd';
import { useLabel, useT } from '../app/i18n';
import type { FlowDefinition } from '../../../rules/flow/index.js';
import type { DraftController, SaveState } from './persistence/use-workflow-draft';

interface Props {
  doc: FlowDefinition;
  draft: DraftController;
  undoLabel: string | null;
  redoLabel: string | null;
  problemCount: number;
  onUndo(): void;
  onRedo(): void;
  onSave(): void;
  onLayout(): void;
  onFitView(): void;
  onPublish(): void;
  onVersions(): void;
  onSimulate(): void;
}

function SaveTag({ state }: { state: SaveState }) {
  const t = useT();
  const tags: Record<SaveState, [string, React.ReactNode, string, string]> = {
    saved: ['success', <CheckCircleOutlined />, '已保存', 'Saved'],
    unsaved: ['default', null, '未保存', 'Unsaved'],
    saving: ['processing', <LoadingOutlined />, '保存中…', 'Saving…'],
    conflict: ['error', <WarningOutlined />, '保存冲突', 'Save conflict'],
    error: ['error', <WarningOutlined />, '保存失败', 'Save failed'],
  };
  const [color, icon, zh, en] = tags[state];
  return <Tag data-testid="save-state" data-state={state} color={color} icon={icon}>{t(zh, en)}</Tag>;
}

export function DesignerToolbar(p: Props) {
  const t = useT();
  const label = useLabel();
  const status = p.draft.editing?.status;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 12px', borderBottom: '1px solid #e5e7eb', background: '#fff', flexWrap: 'wrap' }}>
      <ApartmentOutlined style={{ color: '#1a5fd0' }} />
      <Typography.Text strong data-testid="designer-title">{label(p.doc.name, p.doc.key)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.doc.key}</Typography.Text>
      {p.draft.editing && (
        <Tag data-testid="designer-version" color={status === 'DRAFT' ? 'gold' : status === 'PUBLISHED' ? 'green' : 'default'}>
          v{p.draft.editing.version} · {status === 'DRAFT' ? t('草稿', 'Draft') : status === 'PUBLISHED' ? t('已发布', 'Published') : t('已替代', 'Superseded')}
        </Tag>
      )}
      <SaveTag state={p.draft.save} />
      <div style={{ flex: 1 }} />
      <Space.Compact>
        <Tooltip title={p.undoLabel ? `${t('撤销', 'Undo')}：${p.undoLabel} (Ctrl+Z)` : t('撤销 (Ctrl+Z)', 'Undo (Ctrl+Z)')}>
          <Button data-testid="btn-undo" icon={<UndoOutlined />} disabled={!p.undoLabel} onClick={p.onUndo} />
        </Tooltip>
        <Tooltip title={p.redoLabel ? `${t('重做', 'Redo')}：${p.redoLabel} (Ctrl+Shift+Z)` : t('重做 (Ctrl+Shift+Z)', 'Redo (Ctrl+Shift+Z)')}>
          <Button data-testid="btn-redo" icon={<RedoOutlined />} disabled={!p.redoLabel} onClick={p.onRedo} />
        </Tooltip>
      </Space.Compact>
      <Tooltip title={t('自动布局（从左到右）', 'Auto-layout (left to right)')}><Button data-testid="btn-layout" icon={<ApartmentOutlined rotate={-90} />} onClick={p.onLayout}>{t('整理', 'Layout')}</Button></Tooltip>
      <Tooltip title={t('适应画布', 'Fit view')}><Button data-testid="btn-fit" icon={<ExpandOutlined />} onClick={p.onFitView} /></Tooltip>
      <Divider type="vertical" />
      <Button data-testid="btn-versions" icon={<HistoryOutlined />} onClick={p.onVersions}>{t('版本', 'Versions')}</Button>
      <Button data-testid="btn-simulate" icon={<PlayCircleOutlined />} onClick={p.onSimulate}>{t('模拟', 'Simulate')}</Button>
      <Tooltip title="Ctrl+S">
        <Button data-testid="btn-save" icon={<SaveOutlined />} loading={p.draft.save === 'saving'} onClick={p.onSave}>{t('保存草稿', 'Save draft')}</Button>
      </Tooltip>
      <Tooltip title={p.problemCount ? t(`还有 ${p.problemCount} 个问题`, `${p.problemCount} problems left`) : undefined}>
        <Button data-testid="btn-publish" type="primary" icon={<CloudUploadOutlined />} loading={p.draft.publishing} onClick={p.onPublish}>{t('发布', 'Publish')}</Button>
      </Tooltip>
    </div>
  );
}
