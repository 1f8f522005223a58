import { ExclamationCircleFilled } from '@ant-design/icons';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { Tooltip } from 'antd';
import { memo } from 'react';
import type { FlowNode } from '../../../../rules/flow/index.js';
import { nodeTypes } from '../../../../schemas/flow/node-types.js';
import { useLabel, useT } from '../../app/i18n';
import { NodeIcon } from '../palette/node-icons';
import { NODE_HEIGHT, NODE_WIDTH } from '../store/auto-layout';
import type { NodeChangeKind } from '../store/flow-diff';
import { inHandle, inPortsOfNode, outHandle, outPortsOfNode } from '../store/flow-ports';
import type { DesignerProblem } from '../store/flow-validation';

export interface FlowNodeData extends Record<string, unknown> {
  node: FlowNode;
  problems?: DesignerProblem[];
  /** On the version diff canvas: how the node changed. */
  change?: NodeChangeKind;
}

export type FlowRfNode = Node<FlowNodeData, 'flow'>;

const changeColors: Record<NodeChangeKind, string | undefined> = {
  added: '#52c41a', removed: '#ff4d4f', changed: '#fa8c16', moved: '#1677ff', same: undefined,
};

/** One workflow node on the canvas: icon and colour of its type, its name, a handle per port. */
function FlowNodeViewImpl({ data, selected }: NodeProps<FlowRfNode>) {
  const label = useLabel();
  const t = useT();
  const { node, problems = [], change } = data;
  const type = nodeTypes[node.type];
  const outs = outPortsOfNode(node);
  const ins = inPortsOfNode(node);
  const invalid = problems.length > 0;
  const outline = change ? changeColors[change] : invalid ? '#ff4d4f' : selected ? '#1a5fd0' : undefined;
  return (
    <div
      data-testid={`node-${node.id}`}
      data-invalid={invalid || undefined}
      data-change={change}
      style={{
        width: NODE_WIDTH, height: NODE_HEIGHT, boxSizing: 'border-box', background: change === 'removed' ? '#fff1f0' : '#fff',
        border: `${outline ? 2 : 1}px ${change === 'removed' ? 'dashed' : 'solid'} ${outline ?? '#d9d9d9'}`,
        borderLeft: `4px solid ${type.color}`, borderRadius: 6, display: 'flex', alignItems: 'center', gap: 10, padding: '0 12px',
        boxShadow: selected ? '0 0 0 3px rgba(26,95,208,.15)' : '0 1px 2px rgba(0,0,0,.06)', position: 'relative',
        opacity: change === 'removed' ? 0.75 : 1,
      }}
    >
      <span style={{ fontSize: 20, lineHeight: 1 }}><NodeIcon name={type.icon} color={type.color} /></span>
      <div style={{ minWidth: 0, flex: 1 }}>
        <div style={{ fontWeight: 500, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{label(node.name, label(type.label))}</div>
        <div style={{ fontSize: 12, color: '#8c8c8c', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{label(type.label)} · {node.id}</div>
      </div>
      {invalid && (
        <Tooltip title={<div>{problems.slice(0, 5).map((p, i) => <div key={i}>{p.message}</div>)}{problems.length > 5 && <div>{t(`另有 ${problems.length - 5} 项`, `${problems.length - 5} more`)}</div>}</div>}>
          <span data-testid={`node-badge-${node.id}`} style={{ position: 'absolute', top: -9, right: -9, background: '#ff4d4f', color: '#fff', borderRadius: 10, fontSize: 11, minWidth: 18, height: 18, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '0 4px', gap: 2 }}>
            <ExclamationCircleFilled style={{ fontSize: 10 }} />{problems.length}
          </span>
        </Tooltip>
      )}
      {ins.map((p) => (
        <Handle key={p.name} id={inHandle(p.name)} type="target" position={Position.Left} style={{ width: 10, height: 10, background: '#fff', border: '2px solid #8c8c8c' }} />
      ))}
      {outs.map((p, i) => {
        const top = `${((i + 1) / (outs.length + 1)) * 100}%`;
        return (
          <Handle key={p.name} id={outHandle(p.name)} type="source" position={Position.Right} style={{ top, width: 10, height: 10, background: type.color, border: '2px solid #fff' }}>
            {outs.length > 1 && (
              <span style={{ position: 'absolute', left: 12, top: -8, fontSize: 11, color: '#595959', whiteSpace: 'nowrap', pointerEvents: 'none', background: 'rgba(255,255,255,.85)', padding: '0 2px' }}>{label(p.label)}</span>
            )}
          </Handle>
        );
      })}
    </div>
  );
}

export const FlowNodeView = memo(FlowNodeViewImpl);
export const flowNodeTypes = { flow: FlowNodeView };
