import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function WorkflowListPage() {
  return <Result status="info" title="WorkflowListPage" />;
}
