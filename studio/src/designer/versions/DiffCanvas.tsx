import { Background, MarkerType, ReactFlow, ReactFlowProvider, type Edge } from '@xyflow/react';
import { useMemo } from 'react';
import type { FlowDefinition } from '../../../../rules/flow/index.js';
import { flowNodeTypes, type FlowRfNode } from '../canvas/FlowNodeView';
import { diffFlows, mergeForDiff, type FlowDiff } from '../store/flow-diff';
import { inHandle, outHandle } from '../store/flow-ports';

const edgeColors = { added: '#52c41a', removed: '#ff4d4f', same: '#bfbfbf' } as const;

/** Both versions on one read-only canvas, each node coloured by how it changed. */
export function DiffCanvas({ from, to, diff }: { from: FlowDefinition; to: FlowDefinition; diff?: FlowDiff }) {
  const { nodes, edges } = useMemo(() => {
    const d = diff ?? diffFlows(from, to);
    const merged = mergeForDiff(from, to);
    const rfNodes: FlowRfNode[] = merged.nodes.map((node) => ({
      id: node.id, type: 'flow', position: node.position ?? { x: 0, y: 0 }, draggable: false, selectable: false, connectable: false,
      data: { node, change: d.nodes.get(node.id) ?? 'same' },
    }));
    const rfEdges: Edge[] = merged.edges.map((e) => {
      const status = d.edges.get(e.key) ?? 'same';
      return {
        id: e.key, source: e.from, target: e.to, sourceHandle: outHandle(e.port ?? 'out'), targetHandle: inHandle('in'), type: 'smoothstep',
        style: { stroke: edgeColors[status], strokeWidth: status === 'same' ? 1.5 : 2.5, strokeDasharray: status === 'removed' ? '6 4' : undefined },
        markerEnd: { type: MarkerType.ArrowClosed, color: edgeColors[status] },
      };
    });
    return { nodes: rfNodes, edges: rfEdges };
  }, [from, to, diff]);
  return (
    <ReactFlowProvider>
      <div data-testid="diff-canvas" style={{ height: '100%', width: '100%' }}>
        <ReactFlow<FlowRfNode>
          nodes={nodes} edges={edges} nodeTypes={flowNodeTypes} fitView minZoom={0.05}
          nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} color="#eef0f3" />
        </ReactFlow>
      </div>
    </ReactFlowProvider>
  );
}
