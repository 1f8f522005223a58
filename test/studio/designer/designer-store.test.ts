import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../rules/flow/index.js';
import { nodeTypeIds } from '../../../schemas/flow/node-types.js';
import { layoutCommand } from '../../../studio/src/designer/store/auto-layout.js';
import { copySelection, pasteCommand } from '../../../studio/src/designer/store/clipboard.js';
import { DesignerStore } from '../../../studio/src/designer/store/designer-store.js';
import { CommandError, executeCommand, type DesignerCommand } from '../../../studio/src/designer/store/flow-commands.js';
import { checkConnection, inHandle, outHandle, outPortsOfNode } from '../../../studio/src/designer/store/flow-ports.js';
import { defaultParams, newNode } from '../../../studio/src/designer/store/node-defaults.js';

const orderApproval = (): FlowDefinition =>
  JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/workflows/dealer-order-approval.json', import.meta.url), 'utf8'));

/** One command the author could issue next on `doc`, picked by `pick` (a stream of naturals). */
function commandFor(doc: FlowDefinition, pick: () => number): DesignerCommand | null {
  const node = () => doc.nodes[pick() % doc.nodes.length];
  switch (pick() % 10) {
    case 0: return { type: 'addNode', node: newNode(nodeTypeIds[pick() % nodeTypeIds.length], doc, { x: pick() % 900, y: pick() % 500 }) };
    case 1: return doc.nodes.length > 1 ? { type: 'removeElements', nodeIds: [node().id], edgeIds: [] } : null;
    case 2: return doc.edges.length ? { type: 'removeElements', nodeIds: [], edgeIds: [doc.edges[pick() % doc.edges.length].id] } : null;
    case 3: return { type: 'moveNodes', moves: [{ id: node().id, to: pick() % 5 === 0 ? null : { x: pick() % 1000, y: pick() % 700 } }] };
    case 4: {
      const [a, b] = [node(), node()];
      const ports = outPortsOfNode(a);
      if (!ports.length) return null;
      const c = checkConnection(doc, { source: a.id, sourceHandle: outHandle(ports[pick() % ports.length].name), target: b.id, targetHandle: inHandle('in') });
      return c.ok ? { type: 'connect', edge: c.edge } : null;
    }
    case 5: { const n = node(); return { type: 'updateParams', nodeId: n.id, params: defaultParams[n.type]() }; }
    case 6: { const n = node(); return { type: 'rename', nodeId: n.id, name: pick() % 3 === 0 ? null : { zh: `节点${pick()}`, en: `Node ${pick()}` } }; }
    case 7: {
      const clip = copySelection(doc, new Set([node().id, node().id]));
      return clip ? pasteCommand(doc, clip)?.command ?? null : null;
    }
    case 8: return layoutCommand(doc);
    default: return { type: 'updateWorkflow', name: { zh: `流程${pick()}`, en: `Flow ${pick()}` }, description: pick() % 2 ? null : 'changed' };
  }
}

describe('designer store: every command undoes exactly', () => {
  it('a random sequence of commands, undone, gives back the original document; redone, the final one', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 300 }), (choices) => {
        let i = 0;
        const pick = () => choices[i++ % choices.length];
        const original = orderApproval();
        const store = new DesignerStore(structuredClone(original));
        let applied = 0;
        for (let step = 0; step < 25; step++) {
          const cmd = commandFor(store.getDocument(), pick);
          if (!cmd) continue;
          store.dispatch(cmd);
          applied++;
        }
        const final = structuredClone(store.getDocument());
        for (let k = 0; k < applied; k++) expect(store.undo()).toBe(true);
        expect(store.undo()).toBe(false);
        expect(store.getDocument()).toStrictEqual(original);
        expect(JSON.stringify(store.getDocument())).toBe(JSON.stringify(original));
        for (let k = 0; k < applied; k++) expect(store.redo()).toBe(true);
        expect(store.getDocument()).toStrictEqual(final);
      }),
      { numRuns: 150 },
    );
  });

  it('removing a node removes its edges, and undo puts both back at their places', () => {
    const doc = orderApproval();
    const { doc: after, inverse } = executeCommand(doc, { type: 'removeElements', nodeIds: ['approvals'], edgeIds: [] });
    expect(after.nodes.map((n) => n.id)).not.toContain('approvals');
    expect(after.edges.map((e) => e.id)).toEqual(['e1', 'e4', 'e5', 'e6', 'e10', 'e11', 'e12']);
    expect(executeCommand(after, inverse).doc).toStrictEqual(doc);
  });

  it('a move of several nodes is one undo step, and a node that had no position loses it again', () => {
    const doc = orderApproval();
    delete doc.nodes[1].position;
    const store = new DesignerStore(doc);
    store.dispatch({ type: 'moveNodes', moves: [{ id: 'routing', to: { x: 5, y: 6 } }, { id: 'decision', to: { x: 7, y: 8 } }] }, '移动节点');
    expect(store.getSnapshot().undoLabel).toBe('移动节点');
    store.undo();
    expect(store.getDocument().nodes[1]).not.toHaveProperty('position');
    expect(store.getDocument().nodes[2].position).toEqual(orderApproval().nodes[2].position);
    expect(store.getSnapshot().redoLabel).toBe('移动节点');
  });

  it('a new edit after undo drops the redo stack', () => {
    const store = new DesignerStore(orderApproval());
    store.dispatch({ type: 'rename', nodeId: 'start', name: { zh: 'A', en: 'A' } });
    store.undo();
    store.dispatch({ type: 'rename', nodeId: 'start', name: { zh: 'B', en: 'B' } });
    expect(store.redo()).toBe(false);
    expect(store.getDocument().nodes[0].name).toEqual({ zh: 'B', en: 'B' });
  });

  it('refuses a command about a node that does not exist, leaving the document as it was', () => {
    const store = new DesignerStore(orderApproval());
    const before = store.getSnapshot();
    expect(() => store.dispatch({ type: 'updateParams', nodeId: 'ghost', params: {} })).toThrow(CommandError);
    expect(store.getSnapshot()).toBe(before);
  });

  it('a batch (a gateway losing a branch and the edge on it) undoes as one step', () => {
    const store = new DesignerStore(orderApproval());
    const gateway = store.getDocument().nodes.find((n) => n.id === 'decision')!;
    const params = structuredClone(gateway.params) as { branches: { port: string }[]; defaultPort: string };
    params.branches = params.branches.filter((b) => b.port !== 'autoApproved');
    store.dispatch({ type: 'batch', commands: [{ type: 'removeElements', nodeIds: [], edgeIds: ['e6'] }, { type: 'updateParams', nodeId: 'decision', params: params as never }] });
    expect(store.getDocument().edges.some((e) => e.id === 'e6')).toBe(false);
    store.undo();
    expect(store.getDocument()).toStrictEqual(orderApproval());
  });

  it('counts unsaved edits from the revision last saved', () => {
    const store = new DesignerStore(orderApproval());
    store.dispatch({ type: 'rename', nodeId: 'start', name: null });
    const { revision, savedRevision } = store.getSnapshot();
    expect(revision).not.toBe(savedRevision);
    store.markSaved(revision);
    expect(store.getSnapshot().savedRevision).toBe(revision);
    store.load(orderApproval());
    expect(store.getSnapshot().undoLabel).toBeNull();
  });
});

describe('copy and paste', () => {
  it('pastes with new ids, offset positions, the edges between the copied nodes, and a join renamed to its copied split', () => {
    const doc: FlowDefinition = {
      key: 'p', name: { zh: 'p', en: 'p' }, variables: [],
      nodes: [
        { id: 'start', type: 'start', params: {}, position: { x: 0, y: 0 } },
        { id: 'split', type: 'parallelSplit', params: {}, position: { x: 100, y: 0 } },
        { id: 'join', type: 'parallelJoin', params: { split: 'split' }, position: { x: 300, y: 0 } },
      ],
      edges: [{ id: 'e1', from: 'start', to: 'split' }, { id: 'e2', from: 'split', to: 'join' }],
    };
    const clip = copySelection(doc, new Set(['start', 'split', 'join']))!;
    const pasted = pasteCommand(doc, clip)!;
    const after = executeCommand(doc, pasted.command).doc;
    expect(after.nodes).toHaveLength(5); // the second start is left out
    expect(pasted.nodeIds).toEqual(['split_1', 'join_1']);
    const join = after.nodes.find((n) => n.id === 'join_1')!;
    expect(join.params).toEqual({ split: 'split_1' });
    expect(join.position).toEqual({ x: 340, y: 40 });
    expect(after.edges.at(-1)).toMatchObject({ from: 'split_1', to: 'join_1' });
    expect(new Set(after.edges.map((e) => e.id)).size).toBe(after.edges.length);
  });
});

describe('auto-layout', () => {
  it('lays the flow out left to right, as one undoable command', () => {
    const store = new DesignerStore(orderApproval());
    store.dispatch(layoutCommand(store.getDocument()), 'layout');
    const x = (id: string) => store.getDocument().nodes.find((n) => n.id === id)!.position!.x;
    expect(x('start')).toBeLessThan(x('routing'));
    expect(x('routing')).toBeLessThan(x('decision'));
    expect(x('decision')).toBeLessThan(x('approvals'));
    expect(x('approvals')).toBeLessThan(x('allocate'));
    store.undo();
    expect(store.getDocument()).toStrictEqual(orderApproval());
  });
});

describe('merged edits', () => {
  it('edits sharing a merge key in a row are one undo step; another key starts a new one', () => {
    const store = new DesignerStore(orderApproval());
    for (const zh of ['提', '提交', '提交订单X']) store.dispatch({ type: 'rename', nodeId: 'start', name: { zh, en: 'Submit' } }, '重命名', 'name:start:1');
    store.dispatch({ type: 'rename', nodeId: 'start', name: { zh: '再改', en: 'Submit' } }, '重命名', 'name:start:2');
    store.undo();
    expect(store.getDocument().nodes[0].name).toEqual({ zh: '提交订单X', en: 'Submit' });
    store.undo();
    expect(store.getDocument()).toStrictEqual(orderApproval());
    store.redo();
    expect(store.getDocument().nodes[0].name).toEqual({ zh: '提交订单X', en: 'Submit' });
  });
});
