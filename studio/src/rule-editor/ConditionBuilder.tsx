import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, Select, Space, Tag, Typography } from 'antd';
import type { JreCondition, OperatorValueType, RuleProblem } from '../../../rules/index';
import { operatorDecorators, operators, resolveOperator } from '../../../rules/index';
import { useLabel, useT } from '../app/i18n';
import type { FactCatalog } from './editor-support';
import { isUnder } from './problem-map';
import { joinPointer } from './store/json-patch';

/**
 * The json-rules-engine condition builder: all / any / not groups, references to shared
 * conditions, and fact conditions whose operator list and value input come from the operators
 * metadata of rules/. Each change hands a whole new condition to `onChange` (one command).
 */
interface Props {
  value: JreCondition;
  pointer: string;
  problems: readonly RuleProblem[];
  facts: FactCatalog;
  shared: string[];
  readOnly: boolean;
  onChange(next: JreCondition): void;
  onRemove?: () => void;
  depth?: number;
}

const GROUP_LABELS = { comparison: ['比较', 'Comparison'], decimal: ['精确金额', 'Exact decimal'], set: ['集合', 'Sets'], region: ['区域', 'Regions'], date: ['日期', 'Dates'], string: ['文字', 'Text'] } as const;

/** The value as typed → the JSON the operator expects. */
export function parseOperatorValue(text: string, type: OperatorValueType): unknown {
  const t = text.trim();
  if (type === 'number') return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  if (type === 'decimal') return t;
  if (type === 'list' || type === 'decimal-list' || type === 'region-list') {
    if (t.startsWith('[')) { try { return JSON.parse(t); } catch { /* as text */ } }
    return t === '' ? [] : t.split(',').map((s) => s.trim());
  }
  if (type === 'any') { try { return JSON.parse(t); } catch { return t; } }
  return t;
}

export function formatOperatorValue(v: unknown, type: OperatorValueType): string {
  if (Array.isArray(v) && type !== 'any') return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  if (typeof v === 'string' && type !== 'any') return v;
  return JSON.stringify(v);
}

const VALUE_HINT: Record<OperatorValueType, [string, string]> = {
  any: ['JSON 值，如 "A" 或 100', 'a JSON value, e.g. "A" or 100'], number: ['数字', 'number'], decimal: ['精确小数，如 500000.00', 'exact decimal, e.g. 500000.00'],
  'decimal-list': ['小数列表，逗号分隔', 'decimals, comma separated'], list: ['列表，逗号分隔', 'list, comma separated'], string: ['文字', 'text'],
  region: ['区域编码', 'region code'], 'region-list': ['区域编码，逗号分隔', 'region codes, comma separated'],
  date: ['日期 YYYY-MM-DD', 'date YYYY-MM-DD'], period: ['期间：2025、2025-Q1、2025-03', 'period: 2025, 2025-Q1, 2025-03'],
};

export function ConditionBuilder({ value, pointer, problems, facts, shared, readOnly, onChange, onRemove, depth = 0 }: Props) {
  const t = useT();
  const label = useLabel();
  const own = problems.filter((p) => isUnder(p.pointer, pointer) && !/\/(all|any|not)(\/|$)/.test(p.pointer.slice(pointer.length)));
  const errors = own.length > 0 && <Typography.Text type="danger" data-testid="condition-error" style={{ display: 'block', fontSize: 12 }}>{own.map((p) => p.message).join('；')}</Typography.Text>;
  const remove = onRemove && !readOnly && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('删除条件', 'Remove condition')} />;
  const box = { borderLeft: `3px solid ${depth % 2 ? '#91caff' : '#b7eb8f'}`, padding: '6px 0 6px 10px', margin: '4px 0' };

  if ('all' in value || 'any' in value) {
    const key: 'all' | 'any' = 'all' in value ? 'all' : 'any';
    const list = (value as { all?: JreCondition[]; any?: JreCondition[] })[key] ?? [];
    const setList = (next: JreCondition[]) => { const { [key]: _old, ...rest } = value as unknown as Record<string, unknown>; onChange({ ...rest, [key]: next } as unknown as JreCondition); };
    const switchKind = (k: 'all' | 'any') => { if (k === key) return; const { [key]: items, ...rest } = value as unknown as Record<string, unknown>; onChange({ [k]: items, ...rest } as unknown as JreCondition); };
    return (
      <div style={box} data-testid="condition-group">
        <Space size={4}>
          <Select size="small" value={key} disabled={readOnly} style={{ width: 130 }} onChange={switchKind}
            options={[{ value: 'all', label: t('全部满足 (all)', 'All of') }, { value: 'any', label: t('任一满足 (any)', 'Any of') }]} />
          {remove}
        </Space>
        {errors}
        {list.map((c, i) => (
          <ConditionBuilder key={i} value={c} pointer={joinPointer(pointer, key, i)} problems={problems} facts={facts} shared={shared} readOnly={readOnly} depth={depth + 1}
            onChange={(next) => setList(list.map((x, j) => (j === i ? next : x)))} onRemove={() => setList(list.filter((_, j) => j !== i))} />
        ))}
        {!readOnly && (
          <Space size={4} wrap style={{ marginTop: 4 }}>
            <Button size="small" icon={<PlusOutlined />} onClick={() => setList([...list, { fact: facts.names[0] ?? '', operator: 'equal', value: '' }])} data-testid="btn-add-condition">{t('条件', 'Condition')}</Button>
            <Button size="small" icon={<PlusOutlined />} onClick={() => setList([...list, { all: [] }])}>{t('条件组', 'Group')}</Button>
            <Button size="small" icon={<PlusOutlined />} onClick={() => setList([...list, { not: { all: [] } }])}>{t('非', 'Not')}</Button>
            {shared.length > 0 && <Button size="small" icon={<PlusOutlined />} onClick={() => setList([...list, { condition: shared[0] }])}>{t('共享条件', 'Shared condition')}</Button>}
          </Space>
        )}
      </div>
    );
  }
  if ('not' in value) {
    return (
      <div style={box}>
        <Space size={4}><Tag color="magenta">{t('非 (not)', 'Not')}</Tag>{remove}</Space>
        {errors}
        <ConditionBuilder value={value.not} pointer={joinPointer(pointer, 'not')} problems={problems} facts={facts} shared={shared} readOnly={readOnly} depth={depth + 1}
          onChange={(next) => onChange({ ...value, not: next })} />
      </div>
    );
  }
  if ('condition' in value) {
    return (
      <div style={{ margin: '4px 0' }}>
        <Space size={4}>
          <Tag color="purple">{t('共享条件', 'Shared')}</Tag>
          <Select size="small" value={value.condition} disabled={readOnly} style={{ minWidth: 180 }} options={shared.map((s) => ({ value: s, label: s }))} onChange={(c) => onChange({ ...value, condition: c })} />
          {remove}
        </Space>
        {errors}
      </div>
    );
  }
  const resolved = resolveOperator(value.operator);
  const valueType: OperatorValueType = resolved?.base.valueType ?? 'any';
  const decorated = value.operator.includes(':');
  const opOptions = (Object.keys(GROUP_LABELS) as (keyof typeof GROUP_LABELS)[]).map((g) => ({
    label: t(GROUP_LABELS[g][0], GROUP_LABELS[g][1]),
    options: operators.filter((o) => o.group === g).map((o) => ({ value: o.name, label: label(o.label, o.name) })),
  }));
  if (decorated) {
    const parts = value.operator.split(':');
    const text = parts.slice(0, -1).map((d) => label(operatorDecorators.find((x) => x.name === d)?.label, d)).join(' · ') + ' · ' + label(resolved?.base.label, parts[parts.length - 1]);
    opOptions.unshift({ label: t('当前', 'Current'), options: [{ value: value.operator, label: text }] });
  }
  const factDecl = facts.decl(value.fact);
  const valueOptions = factDecl?.values?.map((v) => ({ value: v }));
  return (
    <div style={{ margin: '4px 0' }} data-testid="fact-condition">
      <Space size={4} wrap>
        <AutoComplete size="small" value={value.fact} disabled={readOnly} style={{ width: 170 }} options={facts.names.map((n) => ({ value: n }))} filterOption
          onChange={(f) => onChange({ ...value, fact: String(f) })} placeholder={t('事实', 'fact')} />
        <Input size="small" value={value.path} disabled={readOnly} style={{ width: 90 }} placeholder="$.path" onChange={(e) => { const { path: _p, ...rest } = value; onChange(e.target.value ? { ...rest, path: e.target.value } : rest); }} />
        <Select size="small" value={value.operator} disabled={readOnly} style={{ width: 190 }} options={opOptions} showSearch optionFilterProp="label"
          onChange={(op) => onChange({ ...value, operator: op })} data-testid="condition-operator" />
        <AutoComplete size="small" disabled={readOnly} style={{ width: 200 }} options={valueOptions} key={`${value.operator}:${JSON.stringify(value.value)}`}
          defaultValue={formatOperatorValue(value.value, valueType)} placeholder={t(...VALUE_HINT[valueType])}
          onBlur={(e) => { const next = parseOperatorValue((e.target as HTMLInputElement).value, valueType); if (JSON.stringify(next) !== JSON.stringify(value.value)) onChange({ ...value, value: next }); }} />
        {remove}
      </Space>
      {errors}
    </div>
  );
}
