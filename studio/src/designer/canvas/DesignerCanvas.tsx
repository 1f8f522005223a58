import {
  Background, ConnectionMode, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type NodeChange, type OnNodeDrag,
} from '@xyflow/react';
import { App } from 'antd';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import type { FlowDefinition } from '../../../../rules/flow/index.js';
import { isNodeTypeId, nodeTypes } from '../../../../schemas/flow/node-types.js';
import { useLocale, useT } from '../../app/i18n';
import { PALETTE_MIME } from '../palette/Palette';
import { NODE_HEIGHT, NODE_WIDTH } from '../store/auto-layout';
import type { DesignerStore } from '../store/designer-store';
import type { Position } from '../store/flow-commands';
import { checkConnection, refusalText } from '../store/flow-ports';
import type { FlowValidation } from '../store/flow-validation';
import { newNode } from '../store/node-defaults';
import { createNodeDeriver, deriveEdges, type Selection } from './flow-elements';
import { flowNodeTypes, type FlowRfNode } from './FlowNodeView';

/** From this many nodes on, only the nodes on screen are rendered and the view does not start fitted. */
const LARGE_GRAPH = 200;

interface Props {
  store: DesignerStore;
  doc: FlowDefinition;
  selection: Selection;
  onSelectionChange(selection: Selection): void;
  validation: FlowValidation;
}

/**
 * The editing canvas. React Flow only draws: its nodes and edges are derived from the document,
 * and everything the user does on it becomes a store command (a drag is one `moveNodes` when it ends).
 */
export function DesignerCanvas({ store, doc, selection, onSelectionChange, validation }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const { screenToFlowPosition } = useReactFlow();
  const [dragging, setDragging] = useState<ReadonlyMap<string, Position>>(new Map());
  // sizes React Flow measured: kept without re-rendering, handed back whenever a node object is re-derived
  const measured = useRef(new Map<string, { width: number; height: number }>()).current;
  const deriveNodes = useRef(createNodeDeriver()).current;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;

  // a big graph opens at 100 % on its start node (only what is on screen is rendered); a small one fits the view
  const [initialView] = useState(() => {
    if (doc.nodes.length <= LARGE_GRAPH) return null;
    const start = doc.nodes.find((n) => n.type === 'start') ?? doc.nodes[0];
    return { x: 60 - (start?.position?.x ?? 0), y: 160 - (start?.position?.y ?? 0), zoom: 1 };
  });

  const nodes = useMemo(
    () => deriveNodes(doc, { selection, dragging, measured, problems: validation.byNode }),
    [deriveNodes, doc, selection, dragging, measured, validation.byNode],
  );
  const problemEdges = useMemo(() => new Set(validation.problems.flatMap((p) => (p.edgeId ? [p.edgeId] : []))), [validation.problems]);
  const edges = useMemo(() => deriveEdges(doc, selection, locale, problemEdges), [doc, selection, locale, problemEdges]);

  const onNodesChange = useCallback((changes: NodeChange<FlowRfNode>[]) => {
    let moved: Map<string, Position> | null = null;
    let selected: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'position' && c.position && c.dragging) (moved ??= new Map()).set(c.id, c.position);
      else if (c.type === 'dimensions' && c.dimensions) measured.set(c.id, c.dimensions);
      else if (c.type === 'select') {
        selected ??= new Set(selectionRef.current.nodes);
        if (c.selected) selected.add(c.id);
        else selected.delete(c.id);
      }
    }
    if (moved) setDragging((prev) => new Map([...prev, ...moved]));
    if (selected) onSelectionChange({ ...selectionRef.current, nodes: selected });
  }, [onSelectionChange, measured]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    let selected: Set<string> | null = null;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      selected ??= new Set(selectionRef.current.edges);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
    if (selected) onSelectionChange({ ...selectionRef.current, edges: selected });
  }, [onSelectionChange]);

  const onNodeDragStop: OnNodeDrag<FlowRfNode> = useCallback((_event, _node, dragged) => {
    const current = store.getDocument();
    const byId = new Map(current.nodes.map((n) => [n.id, n]));
    const moves = dragged
      .filter((n) => { const p = byId.get(n.id)?.position; return !p || p.x !== Math.round(n.position.x) || p.y !== Math.round(n.position.y); })
      .map((n) => ({ id: n.id, to: { x: Math.round(n.position.x), y: Math.round(n.position.y) } }));
    if (moves.length) store.dispatch({ type: 'moveNodes', moves }, t('移动节点', 'Move nodes'));
    setDragging(new Map());
  }, [store, t]);

  const onConnect = useCallback((connection: Connection) => {
    const check = checkConnection(store.getDocument(), connection);
    if (!check.ok) {
      void message.warning({ content: t(refusalText[check.reason].zh, refusalText[check.reason].en), key: 'connection' });
      return;
    }
    store.dispatch({ type: 'connect', edge: check.edge }, t('连线', 'Connect'));
  }, [store, message, t]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (!isNodeTypeId(type)) return;
    event.preventDefault();
    const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const node = newNode(type, store.getDocument(), { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
    store.dispatch({ type: 'addNode', node }, t('添加节点', 'Add node'));
    onSelectionChange({ nodes: new Set([node.id]), edges: new Set() });
  }, [screenToFlowPosition, store, t, onSelectionChange]);

  return (
    <div style={{ width: '100%', height: '100%' }} data-testid="designer-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<FlowRfNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={flowNodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Control', 'Meta']}
        onlyRenderVisibleElements={doc.nodes.length > LARGE_GRAPH}
        minZoom={0.05}
        fitView={initialView === null}
        {...(initialView ? { defaultViewport: initialView } : {})}
        fitViewOptions={{ maxZoom: 1.2 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} color="#e5e7eb" />
        <MiniMap pannable zoomable nodeColor={(n) => nodeTypes[(n as FlowRfNode).data.node.type].color} style={{ width: 160, height: 110 }} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
