import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function FormBuilderPage() {
  return <Result status="info" title="FormBuilderPage" />;
}
