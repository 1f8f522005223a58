import { Background, Controls, Handle, MarkerType, Position, ReactFlow, useReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo } from 'react';
import type { FlowDefinition } from '../../../../rules/flow/index';
import { isNodeTypeId, nodeTypes } from '../../../../schemas/flow/node-types';
import { useLabel } from '../../app/i18n';
import type { NodeRunState } from '../session/sim-graph';

interface SimNodeData extends Record<string, unknown> {
  title: string;
  typeLabel: string;
  color: string;
  run: NodeRunState;
  selected: boolean;
  badge?: string;
}

const ring: Record<NodeRunState, string> = {
  idle: '0 0 0 1px #d9d9d9',
  visited: '0 0 0 2px #95b8f0',
  active: '0 0 0 3px #1a5fd0, 0 0 12px 2px rgba(26,95,208,.45)',
  incident: '0 0 0 3px #f5222d, 0 0 12px 2px rgba(245,34,45,.4)',
};

function SimNode({ data, id }: NodeProps<Node<SimNodeData>>) {
  return (
    <div
      data-testid={`sim-node-${id}`}
      data-run={data.run}
      style={{
        width: 168, background: data.run === 'idle' ? '#fff' : data.run === 'visited' ? '#f0f6ff' : '#fff', borderRadius: 6,
        borderLeft: `5px solid ${data.color}`, boxShadow: data.selected ? `${ring[data.run]}, 0 0 0 5px rgba(250,173,20,.55)` : ring[data.run],
        padding: '6px 10px', cursor: 'pointer', opacity: data.run === 'idle' ? 0.78 : 1,
      }}
    >
      <Handle type="target" position={Position.Left} style={{ visibility: 'hidden' }} />
      <div style={{ fontSize: 11, color: data.color, fontWeight: 600, display: 'flex', justifyContent: 'space-between' }}>
        <span>{data.typeLabel}</span>
        {data.badge && <span style={{ color: data.run === 'incident' ? '#f5222d' : '#1a5fd0' }}>{data.badge}</span>}
      </div>
      <div style={{ fontSize: 13, fontWeight: 500, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{data.title}</div>
      <Handle type="source" position={Position.Right} style={{ visibility: 'hidden' }} />
    </div>
  );
}

const components = { sim: SimNode };

/** Fits the graph again when the canvas changes width (the node panel opens or closes). */
function RefitOn({ width }: { width: string }) {
  const flow = useReactFlow();
  useEffect(() => {
    const id = window.setTimeout(() => void flow.fitView({ padding: 0.15, duration: 200 }), 120);
    return () => window.clearTimeout(id);
  }, [width, flow]);
  return null;
}

export interface SimCanvasProps {
  def: FlowDefinition;
  runStates: Record<string, NodeRunState>;
  taken: Set<string>;
  badges: Record<string, string>;
  selected: string | null;
  onSelect(nodeId: string): void;
}

/** The definition read-only, at its stored positions, coloured by node type; the run drawn over it. */
export function SimCanvas({ def, runStates, taken, badges, selected, onSelect }: SimCanvasProps) {
  const label = useLabel();
  const nodes = useMemo<Node<SimNodeData>[]>(() => def.nodes.map((n, i) => {
    const type = isNodeTypeId(n.type) ? nodeTypes[n.type] : undefined;
    return {
      id: n.id, type: 'sim', position: n.position ?? { x: i * 220, y: 0 }, draggable: false, connectable: false,
      data: {
        title: label(n.name, n.id), typeLabel: type ? label(type.label) : n.type, color: type?.color ?? '#8c8c8c',
        run: runStates[n.id] ?? 'idle', selected: selected === n.id, badge: badges[n.id],
      },
    };
  }), [def, runStates, selected, badges, label]);
  const edges = useMemo<Edge[]>(() => def.edges.map((e) => {
    const from = def.nodes.find((n) => n.id === e.from);
    const branch = from?.type === 'exclusiveGateway' ? from.params.branches.find((b) => b.port === e.port) : undefined;
    const port = from && isNodeTypeId(from.type) ? (nodeTypes[from.type].ports.out as readonly { name: string; label: { zh: string; en: string } }[]).find((p) => p.name === e.port) : undefined;
    const portLabel = branch?.label ? label(branch.label) : e.port && e.port !== 'out' ? (port ? label(port.label) : e.port) : undefined;
    const on = taken.has(e.id);
    return {
      id: e.id, source: e.from, target: e.to, label: portLabel, animated: on,
      style: { stroke: on ? '#1a5fd0' : '#bfbfbf', strokeWidth: on ? 2.5 : 1.2, strokeDasharray: on ? undefined : '4 3' },
      markerEnd: { type: MarkerType.ArrowClosed, color: on ? '#1a5fd0' : '#bfbfbf' },
      labelStyle: { fontSize: 11, fill: on ? '#1a5fd0' : '#8c8c8c' },
      data: { taken: on },
    };
  }), [def, taken, label]);
  return (
    <div style={{ width: '100%', height: '100%' }} data-testid="sim-canvas">
      <ReactFlow
        nodes={nodes} edges={edges} nodeTypes={components} fitView fitViewOptions={{ padding: 0.15 }}
        nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} proOptions={{ hideAttribution: true }}
        onNodeClick={(_, n) => onSelect(n.id)} minZoom={0.2}
      >
        <Background gap={16} color="#eef0f3" />
        <Controls showInteractive={false} />
        <RefitOn width={selected ? 'narrow' : 'wide'} />
      </ReactFlow>
    </div>
  );
}
