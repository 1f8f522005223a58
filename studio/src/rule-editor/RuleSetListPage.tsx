import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function RuleSetListPage() {
  return <Result status="info" title="RuleSetListPage" />;
}
