import { ArrowLeftOutlined, CheckCircleOutlined, CloudUploadOutlined, HistoryOutlined, RedoOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Result, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, type ApiProblem } from '../api/client';
import { useT } from '../app/i18n';
import { FormRenderer } from '../form-runtime/FormRenderer';
import type { FormCheck } from '../form-runtime/form-validation';
import { FieldPalette } from './components/FieldPalette';
import { FieldPropsPanel } from './components/FieldPropsPanel';
import { FormCanvas } from './components/FormCanvas';
import { statusTag, VersionsDrawer } from './components/VersionsDrawer';
import { createField } from './model/field-factory';
import type { FieldType } from './model/field-types';
import { allKeys, fieldsAt, findField, type FieldPath } from './model/form-model';
import { FormCommandError } from './store/form-commands';
import { useFormDraft, type SaveState } from './use-form-draft';

function SaveIndicator({ save }: { save: SaveState }) {
  const t = useT();
  const text = {
    idle: t('已加载', 'Loaded'),
    dirty: t('有未保存的修改…', 'Unsaved changes…'),
    saving: t('保存中…', 'Saving…'),
    saved: save.kind === 'saved' ? t(`草稿已自动保存 ${save.at.toLocaleTimeString()}`, `Draft saved ${save.at.toLocaleTimeString()}`) : '',
    failed: save.kind === 'failed' ? t(`保存失败：${save.error.message}`, `Save failed: ${save.error.message}`) : '',
  }[save.kind];
  return <Typography.Text type={save.kind === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="save-state">{text}</Typography.Text>;
}

/** /studio/forms/:key — palette, canvas, properties and the live preview the dealer will see. */
export default function FormBuilderPage() {
  const { key = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const draft = useFormDraft(key);
  const { store, snapshot, document } = draft;
  const [selected, setSelected] = useState<FieldPath | null>(null);
  const [problems, setProblems] = useState<{ title: string; ok: boolean; items: ApiProblem[] } | null>(null);
  const [preview, setPreview] = useState<{ check: FormCheck; data?: unknown } | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [busy, setBusy] = useState<'validate' | 'publish' | 'save' | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!store || target.closest('input, textarea, [contenteditable=true]')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) store.redo();
        else store.undo();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        store.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  if (draft.loadError) {
    const notFound = draft.loadError instanceof ApiError && draft.loadError.code === 'CF_ERR_NOT_FOUND';
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('表单不存在', 'No such form') : (draft.loadError as Error).message} extra={<Button onClick={() => navigate('/forms')}>{t('返回表单列表', 'Back to forms')}</Button>} />;
  }
  if (!store || !snapshot || !document) return <Spin style={{ margin: 48 }} />;
  const model = snapshot.model;
  const selectedField = selected ? findField(model, selected) : undefined;

  const run = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof FormCommandError) message.error(err.code === 'DUPLICATE_KEY' ? t(`标识 ${err.message} 已被使用`, `Key ${err.message} is taken`) : err.message);
      else throw err;
    }
  };

  const addField = (type: FieldType, parent?: FieldPath, index?: number) => run(() => {
    const field = createField(type, allKeys(model.fields));
    let at: FieldPath = parent ?? [];
    let i = index ?? model.fields.length;
    if (!parent && selected && selectedField) {
      if (selectedField.type === 'section' && type !== 'section') {
        at = selected;
        i = selectedField.children?.length ?? 0;
      } else {
        at = selected.slice(0, -1);
        i = fieldsAt(model, at).findIndex((f) => f.key === selectedField.key) + 1;
      }
    }
    store.execute({ type: 'addField', parent: at, index: i, field });
    setSelected([...at, field.key]);
  });

  const describeError = (err: unknown) => (err instanceof ApiError && err.code === 'CF_ERR_STALE_VERSION'
    ? t('草稿已被他人修改，请刷新页面后再编辑', 'Someone else changed the draft; reload the page') : (err as Error).message);

  const saveNow = async () => {
    setBusy('save');
    try {
      await draft.saveNow(true);
      message.success(t('草稿已保存', 'Draft saved'));
    } catch (err) {
      message.error(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  const validate = async () => {
    setBusy('validate');
    try {
      const report = await draft.validate();
      setProblems({ ok: report.ok, title: report.ok ? t('校验通过，可以发布', 'All checks pass; ready to publish') : t('校验未通过', 'Checks failed'), items: report.problems });
    } catch (err) {
      message.error(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  const publish = async () => {
    setBusy('publish');
    try {
      const view = await draft.publish();
      if (!view) message.info(t('没有需要发布的修改', 'Nothing changed since the published version'));
      else {
        setProblems(null);
        message.success(t(`已发布版本 v${view.version}`, `Published version ${view.version}`));
      }
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) setProblems({ ok: false, title: t('发布被拒绝', 'Publishing refused') + `：${err.message}`, items: err.problems });
      else message.error(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const current = draft.current;
  const selectedSiblings = selected ? fieldsAt(model, selected.slice(0, -1)) : [];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 16px', background: '#fff', borderBottom: '1px solid #e5e7eb', flexWrap: 'wrap' }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/forms')} aria-label={t('返回', 'Back')} />
        <Input value={model.name.zh} style={{ width: 200 }} data-testid="form-name-zh" onBlur={() => store.seal()}
          onChange={(e) => store.execute({ type: 'setFormMeta', name: { ...model.name, zh: e.target.value } }, 'form/name')} />
        <Input value={model.name.en ?? ''} placeholder="English name" style={{ width: 180 }} onBlur={() => store.seal()}
          onChange={(e) => store.execute({ type: 'setFormMeta', name: { zh: model.name.zh, ...(e.target.value ? { en: e.target.value } : {}) } }, 'form/name')} />
        <Typography.Text code>{model.key}</Typography.Text>
        {current ? <span data-testid="form-version">v{current.version} {statusTag(current.status, t)}</span> : null}
        <SaveIndicator save={draft.save} />
        <div style={{ flex: 1 }} />
        <Space>
          <Tooltip title="Ctrl+Z"><Button icon={<UndoOutlined />} disabled={!snapshot.canUndo} onClick={() => store.undo()} data-testid="btn-undo">{t('撤销', 'Undo')}</Button></Tooltip>
          <Tooltip title="Ctrl+Shift+Z"><Button icon={<RedoOutlined />} disabled={!snapshot.canRedo} onClick={() => store.redo()} data-testid="btn-redo">{t('重做', 'Redo')}</Button></Tooltip>
          <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)} data-testid="btn-versions">{t('版本', 'Versions')}</Button>
          <Button icon={<CheckCircleOutlined />} loading={busy === 'validate'} onClick={validate} data-testid="btn-validate">{t('校验', 'Validate')}</Button>
          <Button icon={<SaveOutlined />} loading={busy === 'save'} onClick={saveNow} data-testid="btn-save">{t('保存', 'Save')}</Button>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={busy === 'publish'} onClick={publish} data-testid="btn-publish">{t('发布', 'Publish')}</Button>
        </Space>
      </div>
      {problems ? (
        <Alert
          type={problems.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setProblems(null) }}
          data-testid="form-problems"
          title={problems.title}
          description={problems.items.length ? <ul style={{ margin: 0 }}>{problems.items.map((p, i) => <li key={i}><code>{p.pointer}</code> {p.message}</li>)}</ul> : undefined}
          style={{ margin: '8px 16px 0' }}
        />
      ) : null}
      <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '200px minmax(280px, 1fr) 330px minmax(360px, 1.1fr)', gap: 0 }}>
        <div style={{ borderInlineEnd: '1px solid #e5e7eb', overflow: 'auto', background: '#fafafa' }}>
          <FieldPalette onAdd={(type) => addField(type)} />
        </div>
        <div style={{ overflow: 'auto', padding: 12 }} onClick={() => setSelected(null)} data-testid="form-canvas">
          <FormCanvas
            fields={model.fields}
            selected={selected}
            onSelect={setSelected}
            onMove={(path, delta) => run(() => store.execute({ type: 'moveField', path, delta }))}
            onRemove={(path) => run(() => {
              store.execute({ type: 'removeField', path });
              setSelected(null);
            })}
            onDropType={(type, parent, index) => addField(type, parent, index)}
          />
        </div>
        <div style={{ borderInline: '1px solid #e5e7eb', overflow: 'auto', background: '#fff' }}>
          {selectedField && selected ? (
            <FieldPropsPanel
              key={selected.join('/')}
              field={selectedField}
              siblings={selectedSiblings}
              onSeal={() => store.seal()}
              onPatch={(patch, coalesce) => run(() => store.execute({ type: 'updateField', path: selected, patch }, coalesce ? `${selected.join('/')}/${coalesce}` : undefined))}
              onRename={(next) => {
                try {
                  store.execute({ type: 'renameField', path: selected, key: next });
                  setSelected([...selected.slice(0, -1), next]);
                  return null;
                } catch (err) {
                  if (err instanceof FormCommandError) return err.code === 'DUPLICATE_KEY' ? t('同级已有此标识', 'A sibling has this key') : t('标识格式不正确', 'Malformed key');
                  throw err;
                }
              }}
            />
          ) : (
            <Empty style={{ marginTop: 64 }} description={t('选择一个字段以编辑其属性', 'Select a field to edit its properties')} />
          )}
        </div>
        <div style={{ overflow: 'auto', padding: 12, background: '#f5f7fa' }}>
          <Card size="small" title={t('实时预览（经销商看到的表单）', 'Live preview (what the dealer sees)')} data-testid="form-preview">
            <FormRenderer
              schema={document.schema}
              uiSchema={document.uiSchema}
              submitTestId="btn-preview-submit"
              submitLabel={t('提交（预览校验）', 'Submit (preview check)')}
              onChecked={(check) => setPreview({ check })}
              onSubmit={(data) => setPreview((p) => (p ? { ...p, data } : p))}
            />
            {preview?.check.ok ? (
              <Alert type="success" showIcon style={{ marginTop: 12 }} data-testid="preview-valid" title={t('校验通过，将提交以下数据', 'Valid; this data would be submitted')}
                description={<pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify(preview.data ?? {}, null, 2)}</pre>} />
            ) : null}
          </Card>
        </div>
      </div>
      <VersionsDrawer open={versionsOpen} versions={draft.versions} current={current?.version} onClose={() => setVersionsOpen(false)}
        onOpen={(v) => {
          setVersionsOpen(false);
          setSelected(null);
          void draft.open(v);
        }} />
    </div>
  );
}
