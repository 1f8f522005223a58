import {
  ApiOutlined, AppstoreOutlined, AuditOutlined, BranchesOutlined, EditOutlined, ForkOutlined, FunctionOutlined,
  MergeCellsOutlined, PlayCircleOutlined, SendOutlined, StopOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

/** The registry names icons by ant-design's names; this turns them into components. */
const icons: Record<string, ComponentType<{ style?: React.CSSProperties }>> = {
  'play-circle': PlayCircleOutlined,
  audit: AuditOutlined,
  function: FunctionOutlined,
  branches: BranchesOutlined,
  fork: ForkOutlined,
  'merge-cells': MergeCellsOutlined,
  api: ApiOutlined,
  send: SendOutlined,
  edit: EditOutlined,
  stop: StopOutlined,
};

export function NodeIcon({ name, color }: { name: string; color?: string }) {
  const Icon = icons[name] ?? AppstoreOutlined;
  return <Icon style={{ color }} />;
}
