import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { BandTableStep, Step } from '../../../rules/index';
import { useT } from '../app/i18n';
import { problemsAfter, type StepEditorProps } from './editor-support';
import { FormulaHelp, FormulaInput } from './FormulaInput';
import { GridCell } from './GridCell';
import { JsonEditor } from './JsonEditor';
import { problemsUnder } from './problem-map';
import { joinPointer } from './store/json-patch';
import { insertItem, removeItem, setValue } from './store/rule-commands';
import { formatSpec, parseSpec } from './value-text';

/** A band table: basis, mode, bands (from / rate) as a small grid, floor and cap, rounding, outputs. */
export function BandTableEditor({ doc, step, pointer, problems, execute, readOnly, locale, facts }: StepEditorProps<BandTableStep>) {
  const t = useT();
  const bandsPtr = joinPointer(pointer, 'bands');
  const operand = (field: 'basis' | 'floor' | 'cap') => {
    const ptr = joinPointer(pointer, field);
    const v = step[field];
    const text = v === undefined ? '' : typeof v === 'string' ? v : formatSpec(v);
    const parse = (s: string) => (s.trim() === '' ? undefined : s.trim().startsWith('=') ? parseSpec(s) : s.trim());
    return (
      <FormulaInput value={text} problems={problemsUnder(problems, ptr)} readOnly={readOnly} placeholder={field === 'basis' ? t('变量名或 = 公式', 'variable or = formula') : t('小数或 = 公式（可空）', 'decimal or = formula (optional)')}
        check={(s) => problemsAfter(doc, setValue(doc, ptr, parse(s)), ptr, locale)} onCommit={(s) => execute(setValue(doc, ptr, parse(s)))} />
    );
  };
  return (
    <div>
      <Form layout="horizontal" labelCol={{ span: 4 }} wrapperCol={{ span: 16 }} size="small">
        <Form.Item label={t('基数', 'Basis')}><Space.Compact block>{operand('basis')}<FormulaHelp names={facts.names} /></Space.Compact></Form.Item>
        <Form.Item label={t('计算方式', 'Mode')}>
          <Select value={typeof step.mode === 'string' ? step.mode : 'RETROACTIVE'} disabled={readOnly} style={{ width: 260 }} onChange={(m) => execute(setValue(doc, joinPointer(pointer, 'mode'), m))}
            options={[{ value: 'RETROACTIVE', label: t('全额累进（整体按达到的档位）', 'Retroactive (whole basis at the band reached)') }, { value: 'MARGINAL', label: t('超额累进（每段按本段费率）', 'Marginal (each slice at its rate)') }]} />
        </Form.Item>
        <Form.Item label={t('下限 / 封顶', 'Floor / cap')}><Space style={{ width: '100%' }} direction="vertical">{operand('floor')}{operand('cap')}</Space></Form.Item>
        <Form.Item label={t('取整', 'Rounding')}>
          <Space>
            <Select value={step.round ?? 'NONE'} disabled={readOnly} style={{ width: 160 }} onChange={(r) => execute(setValue(doc, joinPointer(pointer, 'round'), r))}
              options={[{ value: 'NONE', label: t('不取整', 'none') }, { value: 'HALF_UP', label: t('四舍五入', 'half up') }, { value: 'FLOOR', label: t('向下取整', 'floor') }]} />
            <InputNumber min={0} max={10} value={step.scale} disabled={readOnly} addonAfter={t('位小数', 'decimals')} onChange={(s) => execute(setValue(doc, joinPointer(pointer, 'scale'), s ?? undefined))} />
          </Space>
        </Form.Item>
        <Form.Item label={t('输出到', 'Into')}>
          <JsonEditor value={step.into} readOnly={readOnly} rows={2} problems={problemsUnder(problems, joinPointer(pointer, 'into'))} onCommit={(v) => execute(setValue(doc, joinPointer(pointer, 'into'), v))} />
        </Form.Item>
      </Form>
      <table data-testid="rule-grid" style={{ borderCollapse: 'collapse', minWidth: 420 }}>
        <thead><tr><th style={{ textAlign: 'left', padding: 6, background: '#f0f5ff' }}>{t('起点（含）', 'From (inclusive)')}</th><th style={{ textAlign: 'left', padding: 6, background: '#f6ffed' }}>{t('费率', 'Rate')}</th><th /></tr></thead>
        <tbody>
          {step.bands.map((b, i) => (
            <tr key={i} style={{ borderBottom: '1px solid #f0f0f0' }}>
              {(['from', 'rate'] as const).map((f, c) => {
                const ptr = joinPointer(bandsPtr, i, f);
                return (
                  <td key={f} style={{ minWidth: 160, borderRight: '1px solid #f0f0f0' }}>
                    <GridCell testId={`cell-${i}-${c}`} text={b[f]} align="right" problems={problemsUnder(problems, ptr)} readOnly={readOnly}
                      check={(s) => problemsAfter(doc, setValue(doc, ptr, s.trim()), ptr, locale)} onCommit={(s) => execute(setValue(doc, ptr, s.trim()))} />
                  </td>
                );
              })}
              <td>{!readOnly && <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={step.bands.length === 1} onClick={() => execute(removeItem(joinPointer(bandsPtr, i)))} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => execute(insertItem(bandsPtr, step.bands.length, { from: step.bands[step.bands.length - 1]?.from ?? '0', rate: '0.00' }, { zh: '添加档位', en: 'Add a band' }))}>{t('添加档位', 'Add band')}</Button>}
    </div>
  );
}

/** forEach, select and buildList: their settings as JSON (a forEach's nested steps are edited in the step tree). */
export function StepJsonEditor({ doc, step, pointer, problems, execute, readOnly }: StepEditorProps<Step>) {
  const t = useT();
  const { steps: nested, ...settings } = step as Step & { steps?: Step[] };
  return (
    <div>
      {nested && <Typography.Paragraph type="secondary">{t(`此步骤对列表的每一项运行 ${nested.length} 个子步骤（在左侧树中编辑）。`, `Runs ${nested.length} nested steps per list item (edit them in the tree on the left).`)}</Typography.Paragraph>}
      <JsonEditor value={settings} readOnly={readOnly} rows={14} problems={problemsUnder(problems, pointer).filter((p) => !nested || !p.pointer.startsWith(joinPointer(pointer, 'steps') + '/'))}
        onCommit={(v) => execute(setValue(doc, pointer, nested ? { ...(v as object), steps: nested } : v, { zh: '修改步骤', en: 'Edit a step' }))} testId="step-json" />
    </div>
  );
}
