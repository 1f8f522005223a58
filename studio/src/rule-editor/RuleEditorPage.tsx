import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function RuleEditorPage() {
  return <Result status="info" title="RuleEditorPage" />;
}
