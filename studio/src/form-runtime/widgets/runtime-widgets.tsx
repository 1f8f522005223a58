import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { Alert, Button, Input, Select, Space, TreeSelect, Typography, Upload } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { isAllowedSourceUrl, toSelectOptions, type SelectOption, type SourceItemKeys } from '../options-source';
import { runtimeNames } from '../render-schema';
import type { RuntimeContext } from '../runtime-context';
import { MoneyInput } from './MoneyInput';

export const contextOf = (props: { registry: { formContext?: unknown } }) => props.registry.formContext as RuntimeContext;
const zh = (ctx: RuntimeContext) => ctx.locale !== 'en';

function AmountWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, schema, rawErrors } = props;
  return (
    <MoneyInput
      id={id}
      value={value}
      kind={schema.format === 'decimal' ? 'decimal' : 'money'}
      asNumber={schema.type === 'number'}
      placeholder={placeholder}
      disabled={disabled || readonly}
      invalid={!!rawErrors?.length}
      onChange={onChange}
      onBlur={(v) => onBlur(id, v)}
      onFocus={() => onFocus(id, value)}
    />
  );
}

/** Options loaded from a declared source (`ui:options.optionsSource`), e.g. the dealers or a product catalogue. */
export function useSourceOptions(ctx: RuntimeContext, source: (SourceItemKeys & { url?: string }) | undefined) {
  const [state, setState] = useState<{ options: SelectOption[]; loading: boolean; error?: string }>({ options: [], loading: true });
  const url = source?.url;
  useEffect(() => {
    let alive = true;
    if (!source || !isAllowedSourceUrl(url)) {
      setState({ options: [], loading: false, error: zh(ctx) ? '选项来源无效（须为本系统 /api/ 下的地址）' : 'Invalid option source (must be a path under /api/)' });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    ctx.load(url).then(
      (answer) => alive && setState({ options: toSelectOptions(answer, source, ctx.locale), loading: false }),
      (err: Error) => alive && setState({ options: [], loading: false, error: err.message }),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ctx, url, source?.valueKey, source?.labelKey, source?.labelEnKey]);
  return state;
}

function ServerSelectWidget(props: WidgetProps) {
  const { id, value, onChange, onBlur, onFocus, disabled, readonly, placeholder, options, rawErrors } = props;
  const ctx = contextOf(props);
  const { options: items, loading, error } = useSourceOptions(ctx, options.optionsSource as SourceItemKeys & { url?: string });
  return (
    <>
      <Select
        id={id}
        showSearch={{ optionFilterProp: 'label' }}
        allowClear
        loading={loading}
        value={value ?? undefined}
        options={items}
        placeholder={placeholder || (zh(ctx) ? '请选择' : 'Select')}
        disabled={disabled || readonly}
        status={rawErrors?.length || error ? 'error' : undefined}
        onChange={(v) => onChange(v ?? undefined)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
        style={{ width: '100%' }}
      />
      {error ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{error}</Typography.Text> : null}
    </>
  );
}

interface RegionRow {
  code: string;
  name: string;
  nameEn?: string | null;
  parent: string | null;
}
interface RegionTreeNode {
  value: string;
  title: string;
  children: RegionTreeNode[];
}

export function toRegionTree(rows: RegionRow[], locale: 'zh-CN' | 'en'): RegionTreeNode[] {
  const nodes = new Map(rows.map((r) => [r.code, { value: r.code, title: `${locale === 'en' && r.nameEn ? r.nameEn : r.name}（${r.code}）`, children: [] as RegionTreeNode[] }]));
  const roots: RegionTreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The tenant's region tree (GET /api/regions, or `ui:options.regionsSource`); a code can still be typed while it cannot load. */
function RegionPickerWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, placeholder, options, schema, rawErrors } = props;
  const ctx = contextOf(props);
  const url = typeof options.regionsSource === 'string' ? options.regionsSource : '/api/regions';
  const [rows, setRows] = useState<RegionRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    if (!isAllowedSourceUrl(url)) return setFailed(true);
    ctx.load(url).then(
      (answer) => alive && setRows(Array.isArray(answer) ? (answer as RegionRow[]) : ((answer as { regions?: RegionRow[] })?.regions ?? [])),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [ctx, url]);
  const tree = useMemo(() => (rows ? toRegionTree(rows, ctx.locale) : []), [rows, ctx.locale]);
  const multiple = schema.type === 'array';
  if (failed) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }} size={4}>
        <Input
          id={id}
          value={multiple ? ((value as string[] | undefined) ?? []).join(', ') : (value ?? '')}
          placeholder={placeholder || (zh(ctx) ? '区域编码' : 'Region code')}
          disabled={disabled || readonly}
          status={rawErrors?.length ? 'error' : undefined}
          onChange={(e) => {
            const t = e.target.value;
            if (!multiple) return onChange(t.trim() || undefined);
            const codes = [...new Set(t.split(/[,，\s]+/).map((c) => c.trim()).filter(Boolean))];
            onChange(codes.length ? codes : undefined);
          }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{zh(ctx) ? '区域目录暂不可用，请直接输入区域编码' : 'The region list is unavailable; type the region code'}</Typography.Text>
      </Space>
    );
  }
  return (
    <TreeSelect
      id={id}
      treeData={tree}
      value={value ?? undefined}
      multiple={multiple}
      treeDefaultExpandAll
      showSearch
      allowClear
      loading={rows === null}
      placeholder={placeholder || (zh(ctx) ? '请选择区域' : 'Select a region')}
      disabled={disabled || readonly}
      status={rawErrors?.length ? 'error' : undefined}
      onChange={(v) => onChange(multiple ? ((v as string[]).length ? v : undefined) : (v ?? undefined))}
      style={{ width: '100%' }}
    />
  );
}

/** Uploads first, keeps the attachment id in the data (never base64). */
function FileUploadWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, options } = props;
  const ctx = contextOf(props);
  const [uploaded, setUploaded] = useState<{ filename: string; size: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const t = (a: string, b: string) => (zh(ctx) ? a : b);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} id={id}>
      {value ? (
        <Space>
          <PaperClipOutlined />
          <Typography.Text>{uploaded ? `${uploaded.filename}（${(uploaded.size / 1024).toFixed(1)} KB）` : t(`已上传附件 ${String(value).slice(0, 8)}…`, `Attachment ${String(value).slice(0, 8)}…`)}</Typography.Text>
          {!disabled && !readonly ? <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => { setUploaded(null); onChange(undefined); }} aria-label={t('移除', 'Remove')} /> : null}
        </Space>
      ) : null}
      <Upload
        showUploadList={false}
        accept={typeof options.accept === 'string' ? options.accept : undefined}
        disabled={disabled || readonly || busy}
        customRequest={async ({ file }) => {
          setBusy(true);
          setError(undefined);
          try {
            const res = await ctx.upload(file as File);
            setUploaded({ filename: res.filename, size: res.size });
            onChange(res.id);
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>{value ? t('重新上传', 'Replace') : t('上传文件', 'Upload a file')}</Button>
      </Upload>
      {error ? <Alert type="error" showIcon message={error} /> : null}
    </Space>
  );
}

/** An array of strings typed as tags (Enter or comma after each). */
function TagsWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, placeholder, rawErrors } = props;
  const ctx = contextOf(props);
  return (
    <Select
      id={id}
      mode="tags"
      tokenSeparators={[',', '，', ' ']}
      value={Array.isArray(value) ? value : []}
      open={false}
      suffixIcon={null}
      placeholder={placeholder || (zh(ctx) ? '输入后回车，可填多个' : 'Type and press Enter; several allowed')}
      disabled={disabled || readonly}
      status={rawErrors?.length ? 'error' : undefined}
      onChange={(v: string[]) => onChange(v.length ? [...new Set(v.map((s) => s.trim()).filter(Boolean))] : undefined)}
      style={{ width: '100%' }}
    />
  );
}

export const runtimeWidgets: RegistryWidgetsType = {
  [runtimeNames.tags]: TagsWidget,
  [runtimeNames.money]: AmountWidget,
  [runtimeNames.decimal]: AmountWidget,
  [runtimeNames.serverSelect]: ServerSelectWidget,
  [runtimeNames.regionPicker]: RegionPickerWidget,
  [runtimeNames.fileUpload]: FileUploadWidget,
};
