import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecisionTableStep, RuleSetDocument } from '../../../rules/index.js';
import { validateRuleSet } from '../../../rules/index.js';
import { CommandStore } from '../../../studio/src/rule-editor/store/command-store.js';
import { applyOps, getAt } from '../../../studio/src/rule-editor/store/json-patch.js';
import {
  addColumn, addRow, addTestCase, duplicateRow, moveColumn, moveRow, removeColumn, removeRow, removeTestCase, renameKey, setCell,
  setHitPolicy, setRowDescription, setValue, updateTestCase,
} from '../../../studio/src/rule-editor/store/rule-commands.js';

const seed = (key: string) => JSON.parse(readFileSync(new URL(`../../../server/seed/acme-chips/rule-sets/${key}.json`, import.meta.url), 'utf8')) as RuleSetDocument;
const TIER_TABLE = '/steps/0/steps/0';
const BREAK_TABLE = '/steps/0/steps/1';
const tableAt = (doc: RuleSetDocument, ptr: string) => getAt(doc, ptr) as DecisionTableStep;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('rule editor command store', () => {
  const pricing = seed('order-pricing');
  const original = clone(pricing);

  // every edit the editor makes, on the real order-pricing tables; each must undo to the exact document
  const edits: [string, (d: RuleSetDocument) => ReturnType<typeof setCell>][] = [
    ['set a condition cell', (d) => setCell(d, TIER_TABLE, 3, 'when', 0, 'SILVER')],
    ['set an output cell to a formula', (d) => setCell(d, TIER_TABLE, 3, 'then', 0, { $expr: 'maxDiscountRate' })],
    ['change the hit policy', (d) => setHitPolicy(d, TIER_TABLE, 'FIRST')],
    ['add a row in the middle', (d) => addRow(d, BREAK_TABLE, 2)],
    ['duplicate a row', (d) => duplicateRow(d, BREAK_TABLE, 0)],
    ['remove a row', () => removeRow(BREAK_TABLE, 4)],
    ['move a row down', () => moveRow(BREAK_TABLE, 0, 5)],
    ['add a condition column', (d) => addColumn(d, BREAK_TABLE, 'when', { fact: 'tier', type: 'enum' }, 1)],
    ['add an output column', (d) => addColumn(d, BREAK_TABLE, 'then', { name: 'breakNote', type: 'string', default: '-' })],
    ['remove a condition column', (d) => removeColumn(d, TIER_TABLE, 'when', 0)],
    ['move a condition column', (d) => moveColumn(d, BREAK_TABLE, 'when', 0, 1)],
    ['annotate a row', (d) => setRowDescription(d, TIER_TABLE, 2, '2025 价目表')],
    ['rename a formula variable in place', () => renameKey('/steps/0/steps/2/set', 'combinedRate', 'stackedRate')],
    ['remove a step description', (d) => setValue(d, '/description', undefined)],
    ['add a test case', (d) => addTestCase(d, { name: 'new', input: { tier: 'GOLD', lines: [] }, expected: { orderAmount: '0.00' } })],
    ['edit a test case', (d) => updateTestCase(d, 1, { ...d.testCases![1], name: 'renamed' })],
    ['delete a test case', () => removeTestCase(0)],
  ];

  for (const [name, make] of edits) {
    it(`${name}: changes the document, undo restores it exactly, redo re-applies it`, () => {
      const store = new CommandStore(clone(pricing));
      const cmd = make(store.doc);
      expect(cmd.ops.length).toBeGreaterThan(0);
      store.execute(cmd);
      const edited = clone(store.doc);
      expect(edited).not.toEqual(original);
      expect(store.undo()).toBe(true);
      expect(store.doc).toEqual(original);
      expect(JSON.stringify(store.doc)).toBe(JSON.stringify(original)); // key order too
      expect(store.redo()).toBe(true);
      expect(store.doc).toEqual(edited);
    });
  }

  it('a sequence of edits undoes step by step back to the loaded document', () => {
    const store = new CommandStore(clone(pricing));
    const states = [clone(store.doc)];
    for (const [, make] of edits.slice(0, 8)) {
      store.execute(make(store.doc));
      states.push(clone(store.doc));
    }
    for (let i = states.length - 2; i >= 0; i--) {
      store.undo();
      expect(store.doc).toEqual(states[i]);
    }
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(store.undo()).toBe(false);
  });

  it('a new edit after undo drops the redo history', () => {
    const store = new CommandStore(clone(pricing));
    store.execute(setCell(store.doc, TIER_TABLE, 0, 'then', 0, '0.13'));
    store.undo();
    expect(store.getSnapshot().canRedo).toBe(true);
    store.execute(setCell(store.doc, TIER_TABLE, 1, 'then', 0, '0.11'));
    expect(store.getSnapshot().canRedo).toBe(false);
    expect(tableAt(store.doc, TIER_TABLE).rows[0].then[0]).toBe('0.12');
  });

  it('setting a cell to the value it has records nothing', () => {
    const store = new CommandStore(clone(pricing));
    store.execute(setCell(store.doc, TIER_TABLE, 0, 'then', 0, '0.12'));
    expect(store.getSnapshot().canUndo).toBe(false);
    expect(store.getSnapshot().revision).toBe(0);
  });

  it('untouched parts keep their identity (React re-renders only what changed)', () => {
    const store = new CommandStore(clone(pricing));
    const before = store.doc;
    store.execute(setCell(store.doc, TIER_TABLE, 0, 'then', 0, '0.13'));
    expect(store.doc.testCases).toBe(before.testCases);
    expect(tableAt(store.doc, BREAK_TABLE)).toBe(tableAt(before, BREAK_TABLE));
    expect(tableAt(store.doc, TIER_TABLE).rows[1]).toBe(tableAt(before, TIER_TABLE).rows[1]);
  });

  it('adding and removing a column keeps every row the width of the table, so the document stays valid', () => {
    const store = new CommandStore(clone(pricing));
    store.execute(addColumn(store.doc, BREAK_TABLE, 'when', { fact: 'tier', type: 'enum' }, 0));
    const t = tableAt(store.doc, BREAK_TABLE);
    expect(t.rows.every((r) => r.when.length === 2 + 1 && JSON.stringify(r.when[0]) === '{"any":true}')).toBe(true);
    expect(validateRuleSet(store.doc).ok).toBe(true);
    store.execute(removeColumn(store.doc, BREAK_TABLE, 'when', 0));
    expect(store.doc).toEqual(original);
  });

  it('moving a column moves its cells in every row', () => {
    const store = new CommandStore(clone(pricing));
    store.execute(moveColumn(store.doc, BREAK_TABLE, 'when', 0, 1));
    const t = tableAt(store.doc, BREAK_TABLE);
    expect(t.inputs.map((c) => c.fact)).toEqual(['qty', 'category']);
    expect(t.rows[0].when).toEqual([{ range: '[10000..50000)' }, 'MCU']);
    expect(validateRuleSet(store.doc).ok).toBe(true);
  });

  it('leaving COLLECT drops the aggregation, and undo brings both back', () => {
    const doc = clone(pricing);
    Object.assign(tableAt(doc, BREAK_TABLE), { hitPolicy: 'COLLECT', aggregation: 'MAX' });
    const store = new CommandStore(doc);
    store.execute(setHitPolicy(store.doc, BREAK_TABLE, 'FIRST'));
    expect(tableAt(store.doc, BREAK_TABLE).aggregation).toBeUndefined();
    store.undo();
    expect(tableAt(store.doc, BREAK_TABLE)).toMatchObject({ hitPolicy: 'COLLECT', aggregation: 'MAX' });
  });

  it('removing an object property undoes to the same key order', () => {
    const doc = { a: 1, b: 2, c: 3 };
    const { doc: next, inverse } = applyOps(doc, [{ op: 'remove', path: '/b' }]);
    expect(next).toEqual({ a: 1, c: 3 });
    expect(JSON.stringify(applyOps(next, inverse).doc)).toBe(JSON.stringify(doc));
  });

  it('a failing operation changes nothing (the command is refused whole)', () => {
    const store = new CommandStore(clone(pricing));
    expect(() => store.execute({ label: { zh: 'x', en: 'x' }, ops: [{ op: 'replace', path: '/name/zh', value: 'ok' }, { op: 'remove', path: '/steps/9' }] })).toThrow();
    expect(store.doc).toEqual(original);
    expect(store.getSnapshot().canUndo).toBe(false);
  });

  it('notifies subscribers on every change', () => {
    const store = new CommandStore(clone(pricing));
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.execute(setCell(store.doc, TIER_TABLE, 0, 'then', 0, '0.13'));
    store.undo();
    store.redo();
    off();
    store.undo();
    expect(calls).toBe(3);
  });
});
