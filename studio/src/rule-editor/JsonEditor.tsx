import { Alert, Button, Input, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { RuleProblem } from '../../../rules/index';
import { useT } from '../app/i18n';

interface Props {
  value: unknown;
  onCommit(next: unknown): void;
  problems?: readonly RuleProblem[];
  readOnly?: boolean;
  rows?: number;
  testId?: string;
}

/** A JSON text editor for the parts without a dedicated form; applies on demand, one command. */
export function JsonEditor({ value, onCommit, problems = [], readOnly, rows = 8, testId }: Props) {
  const t = useT();
  const pretty = JSON.stringify(value, null, 2) ?? '';
  const [text, setText] = useState(pretty);
  const [error, setError] = useState<string>();
  useEffect(() => { setText(pretty); setError(undefined); }, [pretty]);
  const apply = () => {
    try {
      onCommit(JSON.parse(text));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3, maxRows: rows * 3 }} readOnly={readOnly}
        style={{ fontFamily: 'ui-monospace, Menlo, monospace', fontSize: 12 }} status={error || problems.length ? 'error' : undefined} data-testid={testId} />
      {error && <Alert type="error" showIcon message={t('JSON 格式错误：', 'Not valid JSON: ') + error} style={{ marginTop: 4 }} />}
      {problems.map((p, i) => <Alert key={i} type="error" showIcon message={`${p.pointer}: ${p.message}`} style={{ marginTop: 4 }} />)}
      {!readOnly && (
        <Space style={{ marginTop: 6 }}>
          <Button size="small" type="primary" disabled={text === pretty} onClick={apply}>{t('应用', 'Apply')}</Button>
          <Button size="small" disabled={text === pretty} onClick={() => { setText(pretty); setError(undefined); }}>{t('还原', 'Revert')}</Button>
        </Space>
      )}
    </div>
  );
}
