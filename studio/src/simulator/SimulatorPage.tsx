import { Result } from 'antd';

/** Placeholder until this view lands. */
export default function SimulatorPage() {
  return <Result status="info" title="SimulatorPage" />;
}
