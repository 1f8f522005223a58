import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Space, Typography } from 'antd';
import type { AssignStep, ValueSpec } from '../../../rules/index';
import { useT } from '../app/i18n';
import { problemsAfter, type StepEditorProps } from './editor-support';
import { FormulaHelp, FormulaInput } from './FormulaInput';
import { problemsUnder } from './problem-map';
import { escapeSegment, joinPointer } from './store/json-patch';
import { renameKey, setValue } from './store/rule-commands';
import { formatSpec, parseSpec } from './value-text';

/** Formula steps: variables computed in order, each one a formula (or a literal) that may use the ones above it. */
export function AssignStepEditor({ doc, step, pointer, problems, execute, readOnly, locale, facts }: StepEditorProps<AssignStep>) {
  const t = useT();
  const setPtr = joinPointer(pointer, 'set');
  const entries = Object.entries(step.set);
  const reorder = (from: number, to: number) => {
    const next = [...entries];
    const [e] = next.splice(from, 1);
    next.splice(to, 0, e);
    execute(setValue(doc, setPtr, Object.fromEntries(next), { zh: '调整公式顺序', en: 'Reorder formulas' }));
  };
  const freshName = () => { let i = entries.length + 1; while (`var${i}` in step.set) i++; return `var${i}`; };
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('按顺序计算；每个公式可使用上方的变量。以 = 开头为公式，否则为 JSON 值。', 'Computed in order; each formula may use the variables above it. "= …" is a formula, anything else a JSON value.')}</Typography.Text>
        <FormulaHelp names={facts.names} />
      </Space>
      <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="formula-table">
        <tbody>
          {entries.map(([name, spec], i) => {
            const ptr = joinPointer(setPtr, name);
            const own = problemsUnder(problems, ptr);
            return (
              <tr key={name} style={{ borderBottom: '1px solid #f0f0f0', verticalAlign: 'top' }} data-testid={`formula-${name}`}>
                <td style={{ width: 200, padding: '6px 8px 6px 0' }}>
                  <Input size="small" defaultValue={name} key={name} disabled={readOnly} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }}
                    onBlur={(e) => { const v = e.target.value.trim(); if (v && v !== name && !(v in step.set)) execute(renameKey(setPtr, name, v)); }} />
                </td>
                <td style={{ padding: '6px 0' }}>
                  <FormulaInput value={formatSpec(spec)} problems={own} readOnly={readOnly} testId={`formula-input-${name}`}
                    check={(text) => problemsAfter(doc, setValue(doc, ptr, parseSpec(text)), ptr, locale)}
                    onCommit={(text) => execute(setValue(doc, ptr, parseSpec(text) as ValueSpec, { zh: `修改公式 ${name}`, en: `Edit formula ${name}` }))} />
                </td>
                {!readOnly && (
                  <td style={{ width: 100, padding: '4px 0 0 6px', whiteSpace: 'nowrap' }}>
                    <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => reorder(i, i - 1)} aria-label={t('上移', 'Move up')} />
                    <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === entries.length - 1} onClick={() => reorder(i, i + 1)} aria-label={t('下移', 'Move down')} />
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} disabled={entries.length === 1}
                      onClick={() => execute({ label: { zh: `删除公式 ${name}`, en: `Delete formula ${name}` }, ops: [{ op: 'remove', path: `${setPtr}/${escapeSegment(name)}` }] })} aria-label={t('删除', 'Delete')} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => execute(setValue(doc, joinPointer(setPtr, freshName()), { $expr: '0' }, { zh: '添加公式', en: 'Add a formula' }))}>{t('添加公式', 'Add formula')}</Button>}
    </div>
  );
}
