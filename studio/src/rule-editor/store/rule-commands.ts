import type { Cell, DecisionTableStep, HitPolicy, RuleSetDocument, TableInput, TableOutput, TestCase, ValueSpec } from '../../../../rules/index';
import type { Command } from './command-store';
import type { PatchOp } from './json-patch';
import { getAt, joinPointer } from './json-patch';

/**
 * The edits of the rule editor as commands. A table is addressed by its JSON pointer
 * ("/steps/0/steps/1"), so nested tables (inside forEach) are edited the same way.
 */
const L = (zh: string, en: string) => ({ zh, en });

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets a value anywhere (a field of a step, a label, a formula); nothing when it is unchanged. */
export function setValue(doc: unknown, pointer: string, value: unknown, label = L('修改', 'Edit')): Command {
  if (value !== undefined && sameJson(getAt(doc, pointer), value)) return { label, ops: [] };
  if (value === undefined) return getAt(doc, pointer) === undefined ? { label, ops: [] } : { label, ops: [{ op: 'remove', path: pointer }] };
  return { label, ops: [{ op: 'replace', path: pointer, value }] };
}

export function insertItem(pointerOfArray: string, index: number, value: unknown, label = L('添加', 'Add')): Command {
  return { label, ops: [{ op: 'add', path: joinPointer(pointerOfArray, index), value }] };
}

export function removeItem(pointer: string, label = L('删除', 'Delete')): Command {
  return { label, ops: [{ op: 'remove', path: pointer }] };
}

export function moveItem(pointerOfArray: string, from: number, to: number, label = L('移动', 'Move')): Command {
  return { label, ops: from === to ? [] : [{ op: 'move', path: pointerOfArray, from, to }] };
}

export function renameKey(pointerOfObject: string, from: string, to: string, label = L('重命名', 'Rename')): Command {
  return { label, ops: from === to ? [] : [{ op: 'rename', path: pointerOfObject, from, to }] };
}

// ----- decision tables -----
function table(doc: RuleSetDocument, tablePtr: string): DecisionTableStep {
  const t = getAt(doc, tablePtr) as DecisionTableStep | undefined;
  if (!t || t.kind !== 'decisionTable') throw new Error(`no decision table at ${tablePtr}`);
  return t;
}

export type TableSide = 'when' | 'then';

export function setCell(doc: RuleSetDocument, tablePtr: string, row: number, side: TableSide, col: number, value: Cell | ValueSpec): Command {
  return setValue(doc, joinPointer(tablePtr, 'rows', row, side, col), value, L(`修改第 ${row + 1} 行单元格`, `Edit a cell of row ${row + 1}`));
}

export function setHitPolicy(doc: RuleSetDocument, tablePtr: string, hitPolicy: HitPolicy): Command {
  const t = table(doc, tablePtr);
  const ops: PatchOp[] = t.hitPolicy === hitPolicy ? [] : [{ op: 'replace', path: joinPointer(tablePtr, 'hitPolicy'), value: hitPolicy }];
  // an aggregation only exists under COLLECT
  if (hitPolicy !== 'COLLECT' && t.aggregation !== undefined) ops.push({ op: 'remove', path: joinPointer(tablePtr, 'aggregation') });
  return { label: L('修改命中策略', 'Change the hit policy'), ops };
}

/** A new row: "any" in every condition, each output's default (or empty). */
export function addRow(doc: RuleSetDocument, tablePtr: string, index?: number): Command {
  const t = table(doc, tablePtr);
  const at = index ?? t.rows.length;
  const row = { when: t.inputs.map((): Cell => ({ any: true })), then: t.outputs.map((o): ValueSpec => o.default ?? null) };
  return insertItem(joinPointer(tablePtr, 'rows'), at, row, L('添加行', 'Add a row'));
}

export function duplicateRow(doc: RuleSetDocument, tablePtr: string, index: number): Command {
  const t = table(doc, tablePtr);
  const { id: _id, ...copy } = t.rows[index];
  return insertItem(joinPointer(tablePtr, 'rows'), index + 1, copy, L('复制行', 'Duplicate a row'));
}

export function removeRow(tablePtr: string, index: number): Command {
  return removeItem(joinPointer(tablePtr, 'rows', index), L(`删除第 ${index + 1} 行`, `Delete row ${index + 1}`));
}

export function moveRow(tablePtr: string, from: number, to: number): Command {
  return moveItem(joinPointer(tablePtr, 'rows'), from, to, L('移动行', 'Move a row'));
}

/** Adds a condition column (with "any" in every row) or an output column (with its default). */
export function addColumn(doc: RuleSetDocument, tablePtr: string, side: TableSide, column: TableInput | TableOutput, index?: number): Command {
  const t = table(doc, tablePtr);
  const list = side === 'when' ? 'inputs' : 'outputs';
  const at = index ?? t[list].length;
  const filler = side === 'when' ? { any: true } : ((column as TableOutput).default ?? null);
  const ops: PatchOp[] = [{ op: 'add', path: joinPointer(tablePtr, list, at), value: column }];
  t.rows.forEach((_, r) => ops.push({ op: 'add', path: joinPointer(tablePtr, 'rows', r, side, at), value: filler }));
  return { label: side === 'when' ? L('添加条件列', 'Add a condition column') : L('添加结果列', 'Add an output column'), ops };
}

export function removeColumn(doc: RuleSetDocument, tablePtr: string, side: TableSide, index: number): Command {
  const t = table(doc, tablePtr);
  const list = side === 'when' ? 'inputs' : 'outputs';
  const ops: PatchOp[] = [{ op: 'remove', path: joinPointer(tablePtr, list, index) }];
  t.rows.forEach((row, r) => { if (index < row[side].length) ops.push({ op: 'remove', path: joinPointer(tablePtr, 'rows', r, side, index) }); });
  return { label: L('删除列', 'Delete a column'), ops };
}

export function moveColumn(doc: RuleSetDocument, tablePtr: string, side: TableSide, from: number, to: number): Command {
  const t = table(doc, tablePtr);
  if (from === to) return { label: L('移动列', 'Move a column'), ops: [] };
  const list = side === 'when' ? 'inputs' : 'outputs';
  const ops: PatchOp[] = [{ op: 'move', path: joinPointer(tablePtr, list), from, to }];
  t.rows.forEach((row, r) => { if (from < row[side].length && to < row[side].length) ops.push({ op: 'move', path: joinPointer(tablePtr, 'rows', r, side), from, to }); });
  return { label: L('移动列', 'Move a column'), ops };
}

/** Changes a column's declaration (fact, type, label, default). */
export function setColumn(doc: RuleSetDocument, tablePtr: string, side: TableSide, index: number, column: TableInput | TableOutput): Command {
  const list = side === 'when' ? 'inputs' : 'outputs';
  return setValue(doc, joinPointer(tablePtr, list, index), column, L('修改列', 'Edit a column'));
}

/** A row's annotation (description); empty text removes it. */
export function setRowDescription(doc: RuleSetDocument, tablePtr: string, row: number, text: string): Command {
  return setValue(doc, joinPointer(tablePtr, 'rows', row, 'description'), text.trim() === '' ? undefined : text, L('修改注释', 'Edit an annotation'));
}

// ----- test cases -----
export function addTestCase(doc: RuleSetDocument, testCase: TestCase): Command {
  const ops: PatchOp[] = doc.testCases === undefined
    ? [{ op: 'add', path: '/testCases', value: [testCase] }]
    : [{ op: 'add', path: joinPointer('/testCases', doc.testCases.length), value: testCase }];
  return { label: L('添加测试用例', 'Add a test case'), ops };
}

export function updateTestCase(doc: RuleSetDocument, index: number, testCase: TestCase): Command {
  return setValue(doc, joinPointer('/testCases', index), testCase, L('修改测试用例', 'Edit a test case'));
}

export function removeTestCase(index: number): Command {
  return removeItem(joinPointer('/testCases', index), L('删除测试用例', 'Delete a test case'));
}
