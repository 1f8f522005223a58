import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegionNode, RuleSetDocument } from '../../../rules/index.js';
import { runDocumentTestCases, formatMoneyText, formatTrace } from '../../../studio/src/rule-editor/test-run.js';
import { CommandStore } from '../../../studio/src/rule-editor/store/command-store.js';
import { setCell } from '../../../studio/src/rule-editor/store/rule-commands.js';

const root = new URL('../../../server/seed/acme-chips/', import.meta.url);
const seed = (key: string) => JSON.parse(readFileSync(new URL(`rule-sets/${key}.json`, root), 'utf8')) as RuleSetDocument;
const regions: RegionNode[] = (JSON.parse(readFileSync(new URL('tenant.json', root), 'utf8')).regions as { code: string; parent: string | null }[])
  .map((r) => ({ code: r.code, parent: r.parent }));
const keys = ['tiering', 'order-pricing', 'stepped-rebate', 'rebate-offset', 'order-approval-routing', 'warehouse-routing'];

describe('the test-case panel runner on the shipped acme-chips rule sets', () => {
  for (const key of keys) {
    it(`${key}: every written case passes in the browser runner`, () => {
      const doc = seed(key);
      const run = runDocumentTestCases(doc, { regions });
      expect(run.failed, JSON.stringify(run.cases.filter((c) => !c.ok), null, 1)).toBe(0);
      expect(run.passed).toBe(doc.testCases!.length);
      expect(run.cases.every((c) => c.trace === undefined)).toBe(true);
    });
  }

  it('a changed tier-discount cell fails the case that relies on it, with the diff and the matched row in the trace', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, '/steps/0/steps/0', 0, 'then', 0, '0.15')); // PLATINUM-MCU 12% → 15%
    const run = runDocumentTestCases(store.doc, { regions });
    const first = run.cases[0];
    expect(first.ok).toBe(false);
    expect(first.diff).toContain('lines/0/tierRate: expected "0.12", got "0.15"');
    expect(first.expected).toEqual(seed('order-pricing').testCases![0].expected);
    const lines = formatTrace(first.trace!, store.doc);
    expect(lines.some((l) => l.kind === 'row' && l.matched && l.text.includes('tier-price-discount') && l.text.includes('PLATINUM-MCU'))).toBe(true);
    expect(lines.some((l) => l.text.includes('orderAmount = ¥'))).toBe(true);
    expect(lines.every((l) => l.kind !== 'row' || l.matched)).toBe(true);
    store.undo();
    expect(runDocumentTestCases(store.doc, { regions }).failed).toBe(0);
  });

  it('an invalid document fails every case with the validator\'s code instead of throwing', () => {
    const store = new CommandStore(seed('order-pricing'));
    store.execute(setCell(store.doc, '/steps/0/steps/1', 0, 'when', 1, '>= lots'));
    const run = runDocumentTestCases(store.doc);
    expect(run.passed).toBe(0);
    expect(run.cases.every((c) => c.error?.code === 'RUL_ERR_INVALID_RULE_SET')).toBe(true);
  });

  it('formats money to the fen with thousands separators', () => {
    expect(formatMoneyText('139331.75')).toBe('¥139,331.75');
    expect(formatMoneyText('413952')).toBe('¥413,952.00');
    expect(formatMoneyText('-5.5')).toBe('-¥5.50');
    expect(formatMoneyText('20268.42664')).toBe('¥20,268.42664');
  });
});
