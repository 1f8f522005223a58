import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Input, Popover, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RuleProblem } from '../../../rules/index';
import { formulaFunctions } from '../../../rules/index';
import { useLabel, useT } from '../app/i18n';

/** The formulaFunctions list of rules/ with arity and meaning, and the names a formula may read. */
export function FormulaHelp({ names }: { names: string[] }) {
  const t = useT();
  const label = useLabel();
  const rows = Object.entries(formulaFunctions).map(([name, f]) => ({
    name, doc: label(f.doc, ''),
    args: f.maxArgs === Infinity ? `${f.minArgs}+` : f.minArgs === f.maxArgs ? String(f.minArgs) : `${f.minArgs}–${f.maxArgs}`,
  }));
  const content = (
    <div style={{ width: 460, maxHeight: 420, overflow: 'auto' }} data-testid="formula-help">
      <Typography.Paragraph style={{ fontSize: 12 }}>
        {t('运算：+ - * /，比较 == != < <= > >=，and or not，条件 a ? b : c。金额为精确小数，只在 round/floor 处取整。',
          'Operators: + - * /, comparisons == != < <= > >=, and or not, a ? b : c. Money is exact; rounding happens only in round/floor.')}
      </Typography.Paragraph>
      <Table size="small" pagination={false} rowKey="name" dataSource={rows}
        columns={[{ title: t('函数', 'Function'), dataIndex: 'name', render: (n: string) => <Typography.Text code>{n}</Typography.Text> }, { title: t('参数', 'Args'), dataIndex: 'args' }, { title: t('说明', 'Meaning'), dataIndex: 'doc' }]} />
      <Typography.Paragraph style={{ fontSize: 12, marginTop: 8 }}>{t('可用变量：', 'Variables: ')}{names.join(', ')}</Typography.Paragraph>
    </div>
  );
  return <Popover content={content} title={t('公式帮助', 'Formula help')} trigger="click"><Button size="small" type="text" icon={<QuestionCircleOutlined />} aria-label={t('公式帮助', 'Formula help')} /></Popover>;
}

interface Props {
  value: string;
  /** Problems of the text as typed (the validator on the candidate document). */
  check(text: string): RuleProblem[];
  problems: readonly RuleProblem[];
  onCommit(text: string): void;
  readOnly?: boolean;
  testId?: string;
  placeholder?: string;
}

/** A formula or literal field: errors from parseFormula (through the validator) inline as you type; commits on blur. */
export function FormulaInput({ value, check, problems, onCommit, readOnly, testId, placeholder }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const live = draft === value ? problems : check(draft);
  return (
    <div style={{ width: '100%' }}>
      <Input.TextArea value={draft} autoSize={{ minRows: 1, maxRows: 6 }} readOnly={readOnly} data-testid={testId} placeholder={placeholder}
        status={live.length ? 'error' : undefined} style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 13 }}
        onChange={(e) => setDraft(e.target.value.replace(/\n/g, ' '))} onBlur={() => { if (draft !== value) onCommit(draft); }} />
      {live.map((p, i) => <Typography.Text key={i} type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="formula-error">{p.message}</Typography.Text>)}
    </div>
  );
}
