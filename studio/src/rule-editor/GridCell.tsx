import { AutoComplete, Input, Tooltip } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import type { RuleProblem } from '../../../rules/index';

interface Props {
  testId: string;
  text: string;
  /** Problems of the committed value (validator or server). */
  problems: readonly RuleProblem[];
  /** Problems the typed text would have: the same validator on the candidate document. */
  check(text: string): RuleProblem[];
  onCommit(text: string): void;
  options?: string[];
  readOnly?: boolean;
  align?: 'left' | 'right';
  placeholder?: string;
}

function ErrorTip({ problems, testId }: { problems: readonly RuleProblem[]; testId: string }) {
  return <div data-testid={testId}>{problems.map((p, i) => <div key={i}>{p.message}</div>)}</div>;
}

/** A spreadsheet cell: shows its text; click or Enter edits; Enter or leaving commits; Escape cancels. */
export function GridCell({ testId, text, problems, check, onCommit, options, readOnly, align, placeholder }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null;
  const live = editing ? check(draft) : problems;
  const bad = live.length > 0;

  const commit = () => {
    if (draft !== null && draft !== text) onCommit(draft);
    setDraft(null);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') { e.preventDefault(); commit(); }
    if (e.key === 'Escape') { e.preventDefault(); setDraft(null); }
  };

  const style = {
    padding: '0 6px', minHeight: 30, display: 'flex', alignItems: 'center', justifyContent: align === 'right' ? 'flex-end' : 'flex-start',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13, whiteSpace: 'nowrap' as const,
    background: bad ? '#fff1f0' : undefined, outline: bad ? '1px solid #ff4d4f' : undefined, cursor: readOnly ? 'default' : 'text',
  };

  if (editing) {
    const input = options && options.length > 0
      ? (
        <AutoComplete
          autoFocus defaultOpen={false} value={draft} options={options.map((o) => ({ value: o }))} onChange={(v) => setDraft(String(v ?? ''))}
          onBlur={commit} onKeyDown={onKey} status={bad ? 'error' : undefined} size="small" style={{ width: '100%' }}
          filterOption={(input, o) => String(o?.value ?? '').toLowerCase().includes(input.toLowerCase())}
        />
      )
      : <Input autoFocus value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={onKey} status={bad ? 'error' : undefined} size="small" placeholder={placeholder} />;
    return (
      <div data-testid={testId} data-invalid={bad || undefined}>
        <Tooltip open={bad} title={<ErrorTip problems={live} testId="cell-error" />} color="#a8071a" placement="bottom">
          <div>{input}</div>
        </Tooltip>
      </div>
    );
  }
  const body = (
    <div
      data-testid={testId}
      data-invalid={bad || undefined}
      role="gridcell"
      tabIndex={0}
      style={style}
      onClick={() => !readOnly && setDraft(text)}
      onKeyDown={(e) => { if (!readOnly && (e.key === 'Enter' || e.key === 'F2')) { e.preventDefault(); setDraft(text); } }}
    >
      {text || <span style={{ color: '#bbb' }}>{placeholder ?? ''}</span>}
      {bad && <span data-testid="cell-error" style={{ marginLeft: 'auto', paddingLeft: 6, color: '#cf1322' }}>●</span>}
    </div>
  );
  return bad ? <Tooltip title={<ErrorTip problems={live} testId="cell-error-message" />} color="#a8071a">{body}</Tooltip> : body;
}
