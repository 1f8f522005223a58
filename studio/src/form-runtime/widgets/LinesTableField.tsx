import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ErrorSchema, FieldProps } from '@rjsf/utils';
import { Button, Checkbox, ConfigProvider, DatePicker, Input, InputNumber, Select, Table, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { Dec } from '../../../../rules/money';
import { runtimeNames } from '../render-schema';
import type { RuntimeContext } from '../runtime-context';
import { groupAmount, MoneyInput } from './MoneyInput';
import { contextOf, useSourceOptions } from './runtime-widgets';

type Json = Record<string, unknown>;
type Row = Record<string, unknown>;

function ServerSelectCell({ ctx, source, value, onChange, invalid }: { ctx: RuntimeContext; source: never; value: unknown; onChange(v: unknown): void; invalid: boolean }) {
  const { options, loading } = useSourceOptions(ctx, source);
  return <Select showSearch={{ optionFilterProp: 'label' }} allowClear loading={loading} options={options} value={value ?? undefined} status={invalid ? 'error' : undefined} onChange={(v) => onChange(v ?? undefined)} style={{ width: '100%', minWidth: 140 }} />;
}

/** The editor of one cell, chosen from the column's schema as the form's own fields are. */
function Cell({ schema, ui, value, onChange, invalid, ctx, testId }: { schema: Json; ui: Json; value: unknown; onChange(v: unknown): void; invalid: boolean; ctx: RuntimeContext; testId: string }) {
  const status = invalid ? 'error' : undefined;
  const widget = ui['ui:widget'];
  if (widget === runtimeNames.serverSelect) {
    return <ServerSelectCell ctx={ctx} source={(ui['ui:options'] as Json | undefined)?.optionsSource as never} value={value} onChange={onChange} invalid={invalid} />;
  }
  if (schema.type === 'boolean') return <Checkbox checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />;
  if (Array.isArray(schema.enum)) {
    const names = (ui['ui:enumNames'] as string[] | undefined) ?? [];
    return (
      <Select allowClear value={value ?? undefined} status={status} style={{ width: '100%', minWidth: 120 }} onChange={(v) => onChange(v ?? undefined)}
        options={(schema.enum as string[]).map((v, i) => ({ value: v, label: names[i] ?? v }))} data-testid={testId} />
    );
  }
  if (schema.format === 'money' || schema.format === 'decimal') {
    return <MoneyInput value={value} kind={schema.format} asNumber={schema.type === 'number'} invalid={invalid} onChange={onChange} data-testid={testId} />;
  }
  if (schema.format === 'date') {
    return <DatePicker value={typeof value === 'string' && value ? dayjs(value) : null} status={status} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} data-testid={testId} />;
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    return (
      <InputNumber value={typeof value === 'number' ? value : null} status={status} style={{ width: '100%', minWidth: 90 }}
        min={schema.minimum as number | undefined} max={schema.maximum as number | undefined} precision={schema.type === 'integer' ? 0 : undefined}
        onChange={(v) => onChange(v ?? undefined)} data-testid={testId} />
    );
  }
  return <Input value={typeof value === 'string' ? value : ''} status={status} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} data-testid={testId} />;
}

/** An array of objects as an editable table: one row per line, one column per property, totals of money columns. */
export function LinesTableField(props: FieldProps) {
  const { schema, uiSchema, formData, errorSchema, onChange, fieldPathId, disabled, readonly, name } = props;
  const ctx = contextOf(props);
  const zh = ctx.locale !== 'en';
  const items = (schema.items ?? {}) as Json;
  const columns = Object.entries((items.properties ?? {}) as Record<string, Json>);
  const required = new Set((items.required as string[] | undefined) ?? []);
  const itemsUi = ((uiSchema?.items ?? {}) as Record<string, Json>);
  const rows: Row[] = Array.isArray(formData) ? (formData as Row[]) : [];
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const locked = disabled || readonly;
  const errorsAt = (i: number, key: string) => ((errorSchema as Record<number, Record<string, ErrorSchema>> | undefined)?.[i]?.[key] as { __errors?: string[] } | undefined)?.__errors ?? [];
  const set = (next: Row[]) => onChange(next, fieldPathId.path);
  const setCell = (i: number, key: string, v: unknown) => {
    const row = { ...rows[i] };
    if (v === undefined) delete row[key];
    else row[key] = v;
    set(rows.map((r, j) => (j === i ? row : r)));
  };
  const moneyColumns = columns.filter(([, s]) => s.format === 'money' && s.type === 'string').map(([k]) => k);
  const total = (key: string) => {
    let sum = new Dec(0);
    for (const r of rows) if (typeof r[key] === 'string' && /^-?\d+(\.\d{1,2})?$/.test(r[key] as string)) sum = sum.plus(r[key] as string);
    return groupAmount(sum.toFixed(2));
  };
  return (
    <div data-testid={`lines-${name}`}>
      {schema.title ? (
        <div style={{ marginBottom: 8 }}>
          {props.required ? <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span> : null}
          <Typography.Text>{schema.title}</Typography.Text>
          {schema.description ? <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>{schema.description}</Typography.Text> : null}
        </div>
      ) : null}
      {/* a read-only or disabled table disables every cell's control (antd reads the context) */}
      <ConfigProvider componentDisabled={locked}>
      <Table<Row & { __index: number }>
        size="small"
        bordered
        pagination={false}
        rowKey="__index"
        dataSource={rows.map((r, i) => ({ ...r, __index: i }))}
        locale={{ emptyText: zh ? '暂无明细，点击下方“添加一行”' : 'No lines yet — add one below' }}
        columns={[
          { title: '#', width: 44, render: (_v, _r, i) => i + 1 },
          ...columns.map(([key, col]) => ({
            key,
            title: <span>{required.has(key) ? <span style={{ color: '#ff4d4f' }}>* </span> : null}{String(col.title ?? key)}</span>,
            render: (_v: unknown, _r: Row, i: number) => {
              const errs = errorsAt(i, key);
              const cell = <Cell schema={col} ui={itemsUi[key] ?? {}} value={rows[i]?.[key]} invalid={errs.length > 0} ctx={ctx} testId={`lines-${name}-${i}-${key}`} onChange={(v) => setCell(i, key, v)} />;
              return errs.length ? <Tooltip title={errs.join('；')} open={undefined}><div>{cell}<Typography.Text type="danger" style={{ fontSize: 12 }}>{errs[0]}</Typography.Text></div></Tooltip> : cell;
            },
          })),
          ...(locked ? [] : [{
            key: '__actions', width: 52,
            render: (_v: unknown, _r: Row, i: number) => (
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={zh ? '删除此行' : 'Delete line'} onClick={() => set(rows.filter((_, j) => j !== i))} />
            ),
          }]),
        ]}
        summary={moneyColumns.length && rows.length ? () => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>{zh ? '合计' : 'Total'}</Table.Summary.Cell>
            {columns.map(([key], i) => <Table.Summary.Cell key={key} index={i + 1}>{moneyColumns.includes(key) ? `¥${total(key)}` : null}</Table.Summary.Cell>)}
          </Table.Summary.Row>
        ) : undefined}
      />
      </ConfigProvider>
      {!locked ? (
        <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} disabled={rows.length >= maxItems} onClick={() => set([...rows, {}])} data-testid={`lines-${name}-add`}>
          {zh ? '添加一行' : 'Add a line'}
        </Button>
      ) : null}
    </div>
  );
}
