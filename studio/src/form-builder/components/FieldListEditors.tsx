import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { apiGet } from '../../api/client';
import { useLocale, useT } from '../../app/i18n';
import { isAllowedSourceUrl, toSelectOptions } from '../../form-runtime/options-source';
import { createField } from '../model/field-factory';
import { fieldKeyPattern, type FieldModel, type FieldOption, type OptionsSource } from '../model/form-model';
import { fieldTypeDescriptors, fieldTypes, type FieldType } from '../model/field-types';

/** Fixed options of a select: stored value, Chinese and English label. */
export function OptionsEditor({ options, onChange }: { options: FieldOption[]; onChange(options: FieldOption[]): void }) {
  const t = useT();
  const set = (i: number, o: FieldOption) => onChange(options.map((x, j) => (j === i ? o : x)));
  const duplicate = new Set(options.map((o) => o.value).filter((v, i, all) => all.indexOf(v) !== i));
  return (
    <Form.Item label={t('选项（值 / 中文 / 英文）', 'Options (value / Chinese / English)')}>
      {options.map((o, i) => (
        <div key={i} style={{ display: 'flex', gap: 4, marginBottom: 4 }}>
          <Input value={o.value} status={!o.value || duplicate.has(o.value) ? 'error' : undefined} style={{ width: 70 }} data-testid={`prop-option-value-${i}`} onChange={(e) => set(i, { ...o, value: e.target.value })} />
          <Input value={o.label.zh} style={{ flex: 1 }} data-testid={`prop-option-zh-${i}`} onChange={(e) => set(i, { ...o, label: { ...o.label, zh: e.target.value } })} />
          <Input value={o.label.en ?? ''} style={{ flex: 1 }} onChange={(e) => set(i, { ...o, label: { zh: o.label.zh, ...(e.target.value ? { en: e.target.value } : {}) } })} />
          <Button type="text" danger icon={<DeleteOutlined />} disabled={options.length <= 1} onClick={() => onChange(options.filter((_, j) => j !== i))} />
        </div>
      ))}
      <Button size="small" type="dashed" icon={<PlusOutlined />} data-testid="prop-option-add" onClick={() => {
        let n = options.length + 1;
        while (options.some((o) => o.value === `V${n}`)) n++;
        onChange([...options, { value: `V${n}`, label: { zh: `选项${n}`, en: `Option ${n}` } }]);
      }}>{t('添加选项', 'Add option')}</Button>
    </Form.Item>
  );
}

/** Where a server select loads its options, with a try-out against the server. */
export function SourceEditor({ source, onChange }: { source: OptionsSource; onChange(source: OptionsSource): void }) {
  const t = useT();
  const { locale } = useLocale();
  const [probe, setProbe] = useState<string | null>(null);
  const bad = !isAllowedSourceUrl(source.url);
  return (
    <>
      <Form.Item label={t('选项来源（本系统 GET 接口）', 'Options from (a GET under /api/)')} validateStatus={bad ? 'error' : undefined} help={bad ? t('须为 /api/ 开头的本系统地址', 'Must be a path under /api/') : undefined}>
        <Select
          value={source.url}
          data-testid="prop-source-url"
          showSearch
          onChange={(url) => onChange({ ...source, url, ...(url === '/api/users' ? { valueKey: 'login', labelKey: 'displayName', labelEnKey: undefined } : url === '/api/dealers' ? { valueKey: 'code', labelKey: 'name', labelEnKey: 'nameEn' } : {}) })}
          options={[
            { value: '/api/dealers', label: t('/api/dealers（经销商）', '/api/dealers (dealers)') },
            { value: '/api/users', label: t('/api/users（用户，仅管理员可读）', '/api/users (users, admins only)') },
            ...(['/api/dealers', '/api/users'].includes(source.url) ? [] : [{ value: source.url, label: source.url }]),
          ]}
          onSearch={(text) => text.startsWith('/api/') && onChange({ ...source, url: text })}
        />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item label={t('值字段', 'Value key')} style={{ flex: 1 }}><Input value={source.valueKey} onChange={(e) => onChange({ ...source, valueKey: e.target.value })} /></Form.Item>
        <Form.Item label={t('名称字段', 'Label key')} style={{ flex: 1 }}><Input value={source.labelKey} onChange={(e) => onChange({ ...source, labelKey: e.target.value })} /></Form.Item>
        <Form.Item label={t('英文名称字段', 'English label key')} style={{ flex: 1 }}><Input value={source.labelEnKey ?? ''} onChange={(e) => onChange({ ...source, labelEnKey: e.target.value || undefined })} /></Form.Item>
      </div>
      <Button size="small" disabled={bad} data-testid="prop-source-probe" onClick={async () => {
        try {
          const opts = toSelectOptions(await apiGet(source.url), source, locale);
          setProbe(t(`取到 ${opts.length} 个选项：`, `${opts.length} options: `) + opts.slice(0, 3).map((o) => o.label).join('、'));
        } catch (err) {
          setProbe((err as Error).message);
        }
      }}>{t('试取选项', 'Try it')}</Button>
      {probe ? <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4 }} data-testid="prop-source-result">{probe}</Typography.Paragraph> : null}
    </>
  );
}

const columnTypes = fieldTypes.filter((type) => fieldTypeDescriptors[type].column);

/** The columns of a lines table: key, label, type, required. Each column is itself a field. */
export function ColumnsEditor({ columns, onChange }: { columns: FieldModel[]; onChange(columns: FieldModel[]): void }) {
  const t = useT();
  const { locale } = useLocale();
  const set = (i: number, c: FieldModel) => onChange(columns.map((x, j) => (j === i ? c : x)));
  const keys = new Set(columns.map((c) => c.key));
  return (
    <Form.Item label={t('表格列（标识 / 名称 / 类型 / 必填）', 'Columns (key / label / type / required)')}>
      {columns.map((col, i) => (
        <div key={i} style={{ display: 'flex', gap: 4, marginBottom: 4, alignItems: 'center' }}>
          <Input value={col.key} style={{ width: 80 }} status={!fieldKeyPattern.test(col.key) || columns.filter((c) => c.key === col.key).length > 1 ? 'error' : undefined}
            onChange={(e) => set(i, { ...col, key: e.target.value.trim() })} />
          <Input value={col.label.zh} style={{ flex: 1 }} onChange={(e) => set(i, { ...col, label: { ...col.label, zh: e.target.value } })} />
          <Select<string> value={col.type} style={{ width: 100 }} onChange={(type) => type !== 'raw' && set(i, { ...createField(type as FieldType, keys), key: col.key, label: col.label, required: col.required })}
            options={[...columnTypes.map((type) => ({ value: type, label: locale === 'en' ? fieldTypeDescriptors[type].label.en : fieldTypeDescriptors[type].label.zh })), ...(col.type === 'raw' ? [{ value: 'raw', label: t('自定义', 'Custom') }] : [])]} />
          <Switch size="small" checked={col.required} onChange={(required) => set(i, { ...col, required })} />
          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => onChange(columns.filter((_, j) => j !== i))} />
        </div>
      ))}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => onChange([...columns, createField('text', keys)])}>{t('添加列', 'Add column')}</Button>
    </Form.Item>
  );
}
