import { Alert, Divider, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLabel, useT } from '../../app/i18n';
import { fieldTypeDescriptors } from '../model/field-types';
import { fieldKeyPattern, type FieldModel, type VisibleWhen } from '../model/form-model';
import { ColumnsEditor, OptionsEditor, SourceEditor } from './FieldListEditors';

export interface FieldPropsPanelProps {
  field: FieldModel;
  siblings: FieldModel[];
  /** Column of a lines table: no visibility rule, no nested editors. */
  column?: boolean;
  onPatch(patch: Partial<Omit<FieldModel, 'key'>>, coalesce?: string): void;
  onRename(key: string): string | null;
  onSeal(): void;
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? undefined : v);

/** Which values a condition on `source` can compare with: its options, true/false, or typed values. */
function ConditionValues({ source, rule, onChange }: { source: FieldModel; rule: VisibleWhen; onChange(values: VisibleWhen['values']): void }) {
  const t = useT();
  const label = useLabel();
  if (source.type === 'checkbox') {
    return (
      <Select value={String(rule.values[0] ?? true)} onChange={(v) => onChange([v === 'true'])} data-testid="prop-visible-values"
        options={[{ value: 'true', label: t('已勾选', 'checked') }, { value: 'false', label: t('未勾选', 'unchecked') }]} />
    );
  }
  if (source.type === 'select') {
    return (
      <Select mode="multiple" value={rule.values as string[]} onChange={(v) => v.length && onChange(v)} data-testid="prop-visible-values"
        options={(source.options ?? []).map((o) => ({ value: o.value, label: `${label(o.label, o.value)}（${o.value}）` }))} />
    );
  }
  const numeric = source.type === 'number';
  return (
    <Select mode="tags" value={rule.values.map(String)} data-testid="prop-visible-values" placeholder={t('输入取值后回车', 'Type a value, Enter')}
      onChange={(v: string[]) => v.length && onChange(numeric ? v.map(Number).filter((n) => !Number.isNaN(n)) : v)} />
  );
}

export function FieldPropsPanel({ field, siblings, column, onPatch, onRename, onSeal }: FieldPropsPanelProps) {
  const t = useT();
  const label = useLabel();
  const [keyDraft, setKeyDraft] = useState(field.key);
  const [keyError, setKeyError] = useState<string | null>(null);
  useEffect(() => {
    setKeyDraft(field.key);
    setKeyError(null);
  }, [field.key]);
  const props = field.type === 'raw' ? [] : fieldTypeDescriptors[field.type].props;
  const has = (p: (typeof props)[number]) => props.includes(p);
  const c = (prop: string) => `${field.key}/${prop}`;
  const conditionSources = siblings.filter((s) => s.key !== field.key && ['checkbox', 'select', 'text', 'number', 'region', 'server-select'].includes(s.type));
  const source = field.visibleWhen ? siblings.find((s) => s.key === field.visibleWhen!.field) : undefined;

  const commitKey = () => {
    if (keyDraft === field.key) return;
    if (!fieldKeyPattern.test(keyDraft)) return setKeyError(t('以字母开头，只含字母、数字和下划线', 'Start with a letter; letters, digits and _ only'));
    const err = onRename(keyDraft);
    setKeyError(err);
  };

  return (
    <Form layout="vertical" size="small" data-testid="field-props" onBlur={onSeal} style={{ padding: 12 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {field.type === 'raw' ? t('自定义字段', 'Custom field') : label(fieldTypeDescriptors[field.type].label)}
      </Typography.Title>
      {field.type === 'raw' ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('此字段的 JSON Schema 由手工编写，这里只改标识、名称和必填；其余内容原样保留。', 'This field was written by hand: only its key, label and required flag are edited here; the rest is kept as is.')} /> : null}
      <Form.Item label={t('字段标识', 'Key')} validateStatus={keyError ? 'error' : undefined} help={keyError ?? t('数据中的属性名；规则和流程按它读取', 'Property name in the data; rules and workflows read it')}>
        <Input value={keyDraft} onChange={(e) => setKeyDraft(e.target.value.trim())} onBlur={commitKey} onPressEnter={commitKey} data-testid="prop-key" />
      </Form.Item>
      <Form.Item label={t('名称（中文）', 'Label (Chinese)')}>
        <Input value={field.label.zh} data-testid="prop-label-zh" onChange={(e) => onPatch({ label: { ...field.label, zh: e.target.value } }, c('label'))} />
      </Form.Item>
      <Form.Item label={t('名称（英文）', 'Label (English)')}>
        <Input value={field.label.en ?? ''} data-testid="prop-label-en" onChange={(e) => onPatch({ label: { zh: field.label.zh, ...(e.target.value ? { en: e.target.value } : {}) } }, c('label'))} />
      </Form.Item>
      {field.type !== 'section' ? (
        <Form.Item label={t('必填', 'Required')}>
          <Switch checked={field.required} onChange={(v) => onPatch({ required: v })} data-testid="prop-required" />
        </Form.Item>
      ) : null}
      {!column ? (
        <Form.Item label={t('说明', 'Help text')}>
          <Input value={field.description ?? ''} onChange={(e) => onPatch({ description: e.target.value || undefined }, c('description'))} data-testid="prop-description" />
        </Form.Item>
      ) : null}
      {has('placeholder') && !column ? (
        <Form.Item label={t('占位提示', 'Placeholder')}>
          <Input value={field.placeholder ?? ''} onChange={(e) => onPatch({ placeholder: e.target.value || undefined }, c('placeholder'))} data-testid="prop-placeholder" />
        </Form.Item>
      ) : null}
      {has('length') ? (
        <Form.Item label={t('字符数（最少 – 最多）', 'Length (min – max)')}>
          <div style={{ display: 'flex', gap: 8 }}>
            <InputNumber min={0} value={field.minLength} onChange={(v) => onPatch({ minLength: num(v) }, c('minLength'))} data-testid="prop-min-length" style={{ flex: 1 }} />
            <InputNumber min={1} value={field.maxLength} onChange={(v) => onPatch({ maxLength: num(v) }, c('maxLength'))} data-testid="prop-max-length" style={{ flex: 1 }} />
          </div>
        </Form.Item>
      ) : null}
      {has('pattern') ? (
        <Form.Item label={t('格式（正则表达式）', 'Pattern (regular expression)')}>
          <Input value={field.pattern ?? ''} placeholder="^1[3-9]\d{9}$" onChange={(e) => onPatch({ pattern: e.target.value || undefined }, c('pattern'))} data-testid="prop-pattern" />
        </Form.Item>
      ) : null}
      {has('range') ? (
        <>
          <Form.Item label={t('只允许整数', 'Whole numbers only')}>
            <Switch checked={!!field.integer} onChange={(v) => onPatch({ integer: v || undefined })} data-testid="prop-integer" />
          </Form.Item>
          <Form.Item label={t('取值范围（最小 – 最大）', 'Range (min – max)')}>
            <div style={{ display: 'flex', gap: 8 }}>
              <InputNumber value={field.minimum} onChange={(v) => onPatch({ minimum: num(v) }, c('minimum'))} data-testid="prop-minimum" style={{ flex: 1 }} />
              <InputNumber value={field.maximum} onChange={(v) => onPatch({ maximum: num(v) }, c('maximum'))} data-testid="prop-maximum" style={{ flex: 1 }} />
            </div>
          </Form.Item>
        </>
      ) : null}
      {has('multiple') ? (
        <Form.Item label={t('可选多个区域', 'Several regions')}>
          <Switch checked={!!field.multiple} onChange={(v) => onPatch({ multiple: v || undefined })} data-testid="prop-multiple" />
        </Form.Item>
      ) : null}
      {has('options') ? <OptionsEditor options={field.options ?? []} onChange={(options) => onPatch({ options }, c('options'))} /> : null}
      {has('source') && field.source ? <SourceEditor source={field.source} onChange={(source) => onPatch({ source }, c('source'))} /> : null}
      {has('items') ? (
        <Form.Item label={t('行数（最少 – 最多）', 'Lines (min – max)')}>
          <div style={{ display: 'flex', gap: 8 }}>
            <InputNumber min={0} value={field.minItems} onChange={(v) => onPatch({ minItems: num(v) }, c('minItems'))} style={{ flex: 1 }} />
            <InputNumber min={1} value={field.maxItems} onChange={(v) => onPatch({ maxItems: num(v) }, c('maxItems'))} style={{ flex: 1 }} />
          </div>
        </Form.Item>
      ) : null}
      {has('columns') ? <ColumnsEditor columns={field.columns ?? []} onChange={(columns) => onPatch({ columns }, c('columns'))} /> : null}
      {has('default') ? (
        <Form.Item label={t('默认值', 'Default')}>
          {field.type === 'checkbox' ? (
            <Select allowClear value={field.default === undefined ? undefined : String(field.default)} onChange={(v) => onPatch({ default: v === undefined ? undefined : v === 'true' })}
              options={[{ value: 'true', label: t('勾选', 'checked') }, { value: 'false', label: t('不勾选', 'unchecked') }]} />
          ) : field.type === 'number' ? (
            <InputNumber value={typeof field.default === 'number' ? field.default : null} onChange={(v) => onPatch({ default: num(v) }, c('default'))} style={{ width: '100%' }} />
          ) : field.type === 'select' ? (
            <Select allowClear value={field.default as string | undefined} onChange={(v) => onPatch({ default: v })} options={(field.options ?? []).map((o) => ({ value: o.value, label: label(o.label, o.value) }))} />
          ) : (
            <Input value={typeof field.default === 'string' ? field.default : ''} placeholder={field.type === 'date' ? '2026-01-31' : field.type === 'money' ? '0.00' : undefined}
              onChange={(e) => onPatch({ default: e.target.value || undefined }, c('default'))} />
          )}
        </Form.Item>
      ) : null}
      {!column ? (
        <>
          <Divider style={{ margin: '12px 0' }}>{t('显示条件', 'Visibility')}</Divider>
          <Form.Item label={t('当此字段满足时才显示', 'Show only when this field')} help={t('隐藏时不提交该字段；服务端按同一条件校验', 'Hidden fields are not submitted; the server checks the same condition')}>
            <Select
              allowClear
              value={field.visibleWhen?.field}
              placeholder={t('始终显示', 'Always shown')}
              data-testid="prop-visible-field"
              options={conditionSources.map((s) => ({ value: s.key, label: `${label(s.label, s.key)}（${s.key}）` }))}
              onChange={(key?: string) => {
                if (!key) return onPatch({ visibleWhen: undefined });
                const src = siblings.find((s) => s.key === key)!;
                const first = src.type === 'checkbox' ? true : src.type === 'select' ? src.options?.[0]?.value ?? '' : '';
                onPatch({ visibleWhen: { field: key, values: first === '' ? [] : [first] } });
              }}
            />
          </Form.Item>
          {field.visibleWhen && source ? (
            <Form.Item label={field.visibleWhen.values.length > 1 ? t('取值为以下之一', 'is one of') : t('取值等于', 'equals')}>
              <ConditionValues source={source} rule={field.visibleWhen} onChange={(values) => onPatch({ visibleWhen: { field: field.visibleWhen!.field, values } })} />
            </Form.Item>
          ) : null}
        </>
      ) : null}
    </Form>
  );
}
