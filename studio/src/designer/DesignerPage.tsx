import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function DesignerPage() {
  return <Result status="info" title="DesignerPage" />;
}
