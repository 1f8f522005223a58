import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DecisionTableStep, RuleSetDocument } from '../../../rules/index.js';
import { validateRuleSet } from '../../../rules/index.js';
import { formatCell, formatOutput, parseCellText, parseOutputText } from '../../../studio/src/rule-editor/cell-text.js';
import { cellKey, cellOfPointer, listSteps, problemsOfTable, stepOfPointer, stripPointerPrefix } from '../../../studio/src/rule-editor/problem-map.js';
import { CommandStore } from '../../../studio/src/rule-editor/store/command-store.js';
import { getAt } from '../../../studio/src/rule-editor/store/json-patch.js';
import { setCell, setValue } from '../../../studio/src/rule-editor/store/rule-commands.js';

const seed = (key: string) => JSON.parse(readFileSync(new URL(`../../../server/seed/acme-chips/rule-sets/${key}.json`, import.meta.url), 'utf8')) as RuleSetDocument;
const BREAK_TABLE = '/steps/0/steps/1';
const problemsOf = (doc: unknown) => { const r = validateRuleSet(doc, { locale: 'zh-CN' }); return r.ok ? [] : r.problems; };

describe('validator problems mapped to the decision-table grid', () => {
  it('lists nested steps with their pointers and id paths', () => {
    const refs = listSteps(seed('order-pricing'));
    expect(refs.map((r) => [r.pointer, r.path, r.depth])).toEqual([
      ['/steps/0', 'price-lines', 0],
      ['/steps/0/steps/0', 'price-lines/tier-price-discount', 1],
      ['/steps/0/steps/1', 'price-lines/quantity-price-break', 1],
      ['/steps/0/steps/2', 'price-lines/line-amount', 1],
      ['/steps/0/steps/3', 'price-lines/adjustment-amounts', 1],
      ['/steps/0/steps/4', 'price-lines/line-adjustments', 1],
      ['/steps/1', 'result', 0],
    ]);
    expect(stepOfPointer(seed('order-pricing'), '/steps/0/steps/1/rows/3/when/1')?.path).toBe('price-lines/quantity-price-break');
  });

  it('a non-number typed into the qty column is a red cell at its row and grid column', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, BREAK_TABLE, 2, 'when', 1, parseCellText('>= abc', 'integer')));
    const problems = problemsOf(store.doc);
    expect(problems.map((p) => p.pointer)).toEqual(['/steps/0/steps/1/rows/2/when/1']);
    const mapped = problemsOfTable(problems, BREAK_TABLE, 2);
    expect([...mapped.cells.keys()]).toEqual([cellKey(2, 1)]);
    expect(mapped.cells.get('2-1')![0]).toMatchObject({ code: 'RUL_ERR_SCHEMA' }); // a bound must be a number
    store.execute(setCell(store.doc, BREAK_TABLE, 2, 'when', 1, parseCellText('lots', 'integer')));
    const literal = problemsOfTable(problemsOf(store.doc), BREAK_TABLE, 2).cells.get('2-1')!;
    expect(literal[0]).toMatchObject({ code: 'RUL_ERR_BAD_CELL' });
    expect(literal[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a bad range fails the schema and still lands in its cell', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, BREAK_TABLE, 0, 'when', 1, parseCellText('[10000..)', 'integer')));
    const mapped = problemsOfTable(problemsOf(store.doc), BREAK_TABLE, 2);
    expect([...mapped.cells.keys()]).toEqual(['0-1']);
  });

  it('an output that is not a rate is the output column of the grid (after the conditions)', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, BREAK_TABLE, 4, 'then', 0, parseOutputText('four percent', 'rate')));
    const mapped = problemsOfTable(problemsOf(store.doc), BREAK_TABLE, 2);
    expect([...mapped.cells.keys()]).toEqual(['4-2']);
  });

  it('overlapping rows of a UNIQUE table mark the later row', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, BREAK_TABLE, 1, 'when', 1, parseCellText('[40000..100000)', 'integer')));
    const mapped = problemsOfTable(problemsOf(store.doc), BREAK_TABLE, 2);
    expect(mapped.cells.size).toBe(0);
    expect([...mapped.rows.keys()]).toEqual([1]);
    expect(mapped.rows.get(1)![0].code).toBe('RUL_ERR_UNIQUE_OVERLAP');
  });

  it('an unknown fact in a column header is that column\'s problem', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setValue(store.doc, `${BREAK_TABLE}/inputs/1/fact`, 'quantity'));
    const mapped = problemsOfTable(problemsOf(store.doc), BREAK_TABLE, 2);
    expect([...mapped.columns.keys()]).toEqual([1]);
  });

  it('server problems of a draft save ("/document/…") map to the same cells', () => {
    const server = [{ pointer: '/document/steps/0/steps/1/rows/2/when/1', code: 'RUL_ERR_BAD_CELL', message: 'x' }];
    const mapped = problemsOfTable(stripPointerPrefix(server, '/document'), BREAK_TABLE, 2);
    expect([...mapped.cells.keys()]).toEqual(['2-1']);
    expect(cellOfPointer('/steps/0/steps/1/rows/7/then/0', BREAK_TABLE, 2)).toEqual({ row: 7, side: 'then', index: 0, col: 2 });
    expect(cellOfPointer('/steps/0/steps/10/rows/7/then/0', BREAK_TABLE, 2)).toBeUndefined();
  });
});

describe('cell text', () => {
  it('round-trips every cell of the shipped tables', () => {
    const doc = seed('order-pricing');
    for (const ptr of [BREAK_TABLE, '/steps/0/steps/0']) {
      const t = getAt(doc, ptr) as DecisionTableStep;
      for (const row of t.rows) {
        row.when.forEach((cell, c) => expect(parseCellText(formatCell(cell), t.inputs[c].type)).toEqual(cell));
        row.then.forEach((spec, c) => expect(parseOutputText(formatOutput(spec), t.outputs[c].type)).toEqual(spec));
      }
    }
  });

  it('reads the FEEL-like forms by column type', () => {
    expect(parseCellText('-', 'money')).toEqual({ any: true });
    expect(parseCellText('>= 50000000.00', 'money')).toEqual({ '>=': '50000000.00' });
    expect(parseCellText('< 10', 'integer')).toEqual({ '<': 10 });
    expect(parseCellText('GOLD, SILVER', 'enum')).toEqual({ in: ['GOLD', 'SILVER'] });
    expect(parseCellText('not(GOLD, "A,B")', 'enum')).toEqual({ notIn: ['GOLD', 'A,B'] });
    expect(parseCellText('!= TERMINATED', 'enum')).toEqual({ '!=': 'TERMINATED' });
    expect(parseCellText('true', 'boolean')).toBe(true);
    expect(parseCellText('@dateOnOrAfter "2025-01-01"', 'date')).toEqual({ op: 'dateOnOrAfter', value: '2025-01-01' });
    expect(parseOutputText('= round(qty * 2, 2)', 'money')).toEqual({ $expr: 'round(qty * 2, 2)' });
    expect(parseOutputText('0.10', 'rate')).toBe('0.10');
  });
});

describe('starter documents of the create dialog', () => {
  it('each kind validates as created, so the server accepts it', async () => {
    const { starterDocument } = await import('../../../studio/src/rule-editor/rule-set.api.js');
    for (const kind of ['decisionTable', 'rules', 'assign', 'bandTable'] as const) {
      expect(problemsOf(starterDocument('starter', { zh: '新', en: 'New' }, kind)), kind).toEqual([]);
    }
  });
});
