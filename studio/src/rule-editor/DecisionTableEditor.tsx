import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import type { Aggregation, DecisionTableStep, FieldDecl, HitPolicy, TableInput, TableOutput } from '../../../rules/index';
import { useT } from '../app/i18n';
import { formatCell, formatOutput, parseCellText, parseOutputText } from './cell-text';
import { ColumnEditor } from './ColumnEditor';
import { problemsAfter, type StepEditorProps } from './editor-support';
import { GridCell } from './GridCell';
import { cellKey, problemsOfTable } from './problem-map';
import { joinPointer } from './store/json-patch';
import {
  addColumn, addRow, duplicateRow, moveColumn, moveRow, removeColumn, removeRow, setCell, setHitPolicy, setRowDescription, setValue,
} from './store/rule-commands';

const HIT_POLICIES: HitPolicy[] = ['FIRST', 'UNIQUE', 'PRIORITY', 'COLLECT', 'RULE_ORDER'];
const AGGREGATIONS: Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];
const th = { padding: '6px 8px', borderBottom: '2px solid #d9d9d9', borderRight: '1px solid #f0f0f0', background: '#fafafa', textAlign: 'left' as const, verticalAlign: 'top' as const, whiteSpace: 'nowrap' as const };
const td = { padding: 0, borderBottom: '1px solid #f0f0f0', borderRight: '1px solid #f0f0f0', minWidth: 110 };

/** The decision-table grid: conditions and outputs as typed columns, rows, hit policy, annotations. */
export function DecisionTableEditor({ doc, step, pointer, problems, execute, readOnly, locale, facts }: StepEditorProps<DecisionTableStep>) {
  const t = useT();
  const nIn = step.inputs.length;
  const mapped = useMemo(() => problemsOfTable(problems, pointer, nIn), [problems, pointer, nIn]);
  const hitLabels: Record<HitPolicy, string> = {
    FIRST: t('FIRST 首个命中', 'FIRST — first match'), UNIQUE: t('UNIQUE 唯一命中', 'UNIQUE — one match'),
    PRIORITY: t('PRIORITY 按优先级', 'PRIORITY — highest priority'), COLLECT: t('COLLECT 汇总', 'COLLECT — all matches'),
    RULE_ORDER: t('RULE ORDER 按行序列出', 'RULE ORDER — matches in order'),
  };
  const listPolicy = step.hitPolicy === 'RULE_ORDER' || (step.hitPolicy === 'COLLECT' && !step.aggregation);
  const enumValues = (c: TableInput) => facts.decl(c.fact)?.values ?? (c.type === 'boolean' ? ['true', 'false'] : undefined);

  const columnMenu = (side: 'when' | 'then', index: number, count: number) => ({
    items: [
      { key: 'left', label: t('左移', 'Move left'), disabled: index === 0 },
      { key: 'right', label: t('右移', 'Move right'), disabled: index === count - 1 },
      { key: 'delete', label: t('删除列', 'Delete column'), danger: true, disabled: count === 1 },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'left') execute(moveColumn(doc, pointer, side, index, index - 1));
      if (key === 'right') execute(moveColumn(doc, pointer, side, index, index + 1));
      if (key === 'delete') execute(removeColumn(doc, pointer, side, index));
    },
  });

  const header = (side: 'when' | 'then', index: number, col: TableInput | TableOutput) => {
    const gridCol = side === 'when' ? index : nIn + index;
    const colProblems = mapped.columns.get(gridCol) ?? [];
    const name = side === 'when' ? (col as TableInput).fact + ((col as TableInput).path ? ` ${(col as TableInput).path}` : '') : (col as TableOutput).name;
    const label = col.label ? (locale === 'en' ? col.label.en : col.label.zh) : (facts.decl(side === 'when' ? (col as TableInput).fact : name) as FieldDecl | undefined)?.label?.[locale === 'en' ? 'en' : 'zh'];
    return (
      <th key={`${side}-${index}`} style={{ ...th, background: side === 'when' ? '#f0f5ff' : '#f6ffed', outline: colProblems.length ? '1px solid #ff4d4f' : undefined }} data-testid={`col-${gridCol}`}>
        <Space size={4} align="start">
          <div>
            <Tooltip title={colProblems.map((p) => p.message).join('\n') || undefined}>
              <Typography.Text strong>{label ?? name}</Typography.Text>
            </Tooltip>
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{label ? name : ''} </Typography.Text><Tag style={{ fontSize: 11, marginInlineEnd: 0 }}>{col.type}</Tag></div>
          </div>
          {!readOnly && (
            <>
              <ColumnEditor side={side} column={col} facts={facts} onChange={(next) => execute(setValue(doc, joinPointer(pointer, side === 'when' ? 'inputs' : 'outputs', index), next, { zh: '修改列', en: 'Edit a column' }))} />
              <Dropdown menu={columnMenu(side, index, side === 'when' ? nIn : step.outputs.length)} trigger={['click']}>
                <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('列操作', 'Column actions')} />
              </Dropdown>
            </>
          )}
        </Space>
      </th>
    );
  };

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('命中策略', 'Hit policy')}</span>
        <Select<HitPolicy> data-testid="hit-policy" value={step.hitPolicy} style={{ width: 230 }} disabled={readOnly}
          options={HIT_POLICIES.map((h) => ({ value: h, label: hitLabels[h] }))} onChange={(h) => execute(setHitPolicy(doc, pointer, h))} />
        {step.hitPolicy === 'COLLECT' && (
          <Select<Aggregation | 'LIST'> value={step.aggregation ?? 'LIST'} style={{ width: 150 }} disabled={readOnly}
            options={[{ value: 'LIST', label: t('列表（不汇总）', 'list (no aggregation)') }, ...AGGREGATIONS.map((a) => ({ value: a, label: a }))]}
            onChange={(a) => execute(setValue(doc, joinPointer(pointer, 'aggregation'), a === 'LIST' ? undefined : a))} />
        )}
        {listPolicy && (
          <Input addonBefore={t('结果写入', 'into')} style={{ width: 220 }} defaultValue={step.into} key={step.into} disabled={readOnly}
            onBlur={(e) => execute(setValue(doc, joinPointer(pointer, 'into'), e.target.value.trim() || undefined))} />
        )}
        {!readOnly && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => execute(addRow(doc, pointer))} data-testid="btn-add-row">{t('添加行', 'Add row')}</Button>
            <Button icon={<PlusOutlined />} onClick={() => execute(addColumn(doc, pointer, 'when', { fact: facts.names[0] ?? 'fact', type: 'string' }))}>{t('条件列', 'Condition column')}</Button>
            <Button icon={<PlusOutlined />} onClick={() => execute(addColumn(doc, pointer, 'then', { name: `out${step.outputs.length + 1}`, type: 'string' }))}>{t('结果列', 'Output column')}</Button>
          </>
        )}
      </Space>
      {mapped.table.map((p, i) => <Alert key={i} type="error" showIcon message={p.message} style={{ marginBottom: 8 }} />)}
      <div style={{ overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 4 }}>
        <table data-testid="rule-grid" style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              <th style={{ ...th, width: 56 }}>#</th>
              {step.inputs.map((c, i) => header('when', i, c))}
              {step.outputs.map((c, i) => header('then', i, c))}
              {step.hitPolicy === 'PRIORITY' && <th style={th}>{t('优先级', 'Priority')}</th>}
              <th style={{ ...th, minWidth: 160 }}>{t('注释', 'Annotation')}</th>
              {!readOnly && <th style={{ ...th, width: 120 }} />}
            </tr>
          </thead>
          <tbody>
            {step.rows.map((row, r) => {
              const rowProblems = mapped.rows.get(r) ?? [];
              return (
                <tr key={r} data-testid={`row-${r}`} style={{ background: rowProblems.length ? '#fff7e6' : undefined }}>
                  <td style={{ ...td, minWidth: 56, padding: '0 8px', color: '#888' }}>
                    <Tooltip title={rowProblems.map((p) => p.message).join('\n') || row.id}>
                      <span data-testid={rowProblems.length ? 'row-error' : undefined} style={{ color: rowProblems.length ? '#d46b08' : undefined }}>{r + 1}</span>
                    </Tooltip>
                  </td>
                  {step.inputs.map((c, i) => {
                    const ptr = joinPointer(pointer, 'rows', r, 'when', i);
                    return (
                      <td key={`w${i}`} style={{ ...td, background: '#fbfcff' }}>
                        <GridCell testId={`cell-${r}-${i}`} text={formatCell(row.when[i])} problems={mapped.cells.get(cellKey(r, i)) ?? []} readOnly={readOnly}
                          options={enumValues(c)} placeholder="-"
                          check={(text) => problemsAfter(doc, setCell(doc, pointer, r, 'when', i, parseCellText(text, c.type)), ptr, locale)}
                          onCommit={(text) => execute(setCell(doc, pointer, r, 'when', i, parseCellText(text, c.type)))} />
                      </td>
                    );
                  })}
                  {step.outputs.map((o, i) => {
                    const ptr = joinPointer(pointer, 'rows', r, 'then', i);
                    return (
                      <td key={`t${i}`} style={{ ...td, background: '#fcfffa' }}>
                        <GridCell testId={`cell-${r}-${nIn + i}`} text={formatOutput(row.then[i])} problems={mapped.cells.get(cellKey(r, nIn + i)) ?? []} readOnly={readOnly}
                          align={['money', 'rate', 'decimal', 'integer', 'number'].includes(o.type) ? 'right' : 'left'}
                          check={(text) => problemsAfter(doc, setCell(doc, pointer, r, 'then', i, parseOutputText(text, o.type)), ptr, locale)}
                          onCommit={(text) => execute(setCell(doc, pointer, r, 'then', i, parseOutputText(text, o.type)))} />
                      </td>
                    );
                  })}
                  {step.hitPolicy === 'PRIORITY' && (
                    <td style={td}>
                      <GridCell testId={`priority-${r}`} text={row.priority === undefined ? '' : String(row.priority)} problems={[]} readOnly={readOnly} align="right"
                        check={() => []} onCommit={(text) => execute(setValue(doc, joinPointer(pointer, 'rows', r, 'priority'), text.trim() === '' ? undefined : Number(text)))} />
                    </td>
                  )}
                  <td style={td}>
                    <GridCell testId={`note-${r}`} text={row.description ?? ''} problems={[]} readOnly={readOnly} check={() => []}
                      onCommit={(text) => execute(setRowDescription(doc, pointer, r, text))} />
                  </td>
                  {!readOnly && (
                    <td style={{ ...td, minWidth: 120, whiteSpace: 'nowrap' }}>
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={r === 0} onClick={() => execute(moveRow(pointer, r, r - 1))} aria-label={t('上移', 'Move up')} />
                      <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={r === step.rows.length - 1} onClick={() => execute(moveRow(pointer, r, r + 1))} aria-label={t('下移', 'Move down')} />
                      <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => execute(duplicateRow(doc, pointer, r))} aria-label={t('复制', 'Duplicate')} />
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => execute(removeRow(pointer, r))} aria-label={t('删除', 'Delete')} data-testid={`btn-remove-row-${r}`} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t(
          '单元格写法：- 任意值；A 等于；!= A；>= 100000；[10000..50000) 区间（方括号含端点）；A, B 属于；not(A) 不属于；@运算符 值。结果列以 = 开头为公式。',
          'Cells: - any; A equals; != A; >= 100000; [10000..50000) range (brackets inclusive); A, B one of; not(A) none of; @operator value. An output starting with = is a formula.',
        )}
      </Typography.Paragraph>
    </div>
  );
}
