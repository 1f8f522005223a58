import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function DeploymentsPage() {
  return <Result status="info" title="DeploymentsPage" />;
}
