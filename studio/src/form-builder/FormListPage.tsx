import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function FormListPage() {
  return <Result status="info" title="FormListPage" />;
}
