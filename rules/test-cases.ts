import { compileRuleSet } from './compile.js';
import type { CompiledRuleSet, RuleContext } from './evaluation.types.js';
import { isAppError } from './rule-error.js';
import type { RuleSetDocument } from './rule-set.types.js';

export interface TestCaseResult {
  name: string;
  ok: boolean;
  /** One line per difference: "outputs/level: expected "A", got "B"". */
  diff?: string[];
  actual?: unknown;
  error?: { code: string; message: string };
}

export interface TestCaseReport {
  passed: number;
  failed: number;
  results: TestCaseResult[];
}

/**
 * Runs the test cases written into the rule set through the compiled path. Only the outputs a case
 * names are compared; `"$error": "RUL_ERR_…"` in `expected` asks for that error instead.
 * The server refuses to publish while any case fails.
 */
export function runTestCases(doc: RuleSetDocument, ctx: RuleContext = {}): TestCaseReport {
  const cases = doc.testCases ?? [];
  let compiled: CompiledRuleSet;
  try {
    compiled = compileRuleSet(doc, ctx);
  } catch (e) {
    const error = errorOf(e);
    return { passed: 0, failed: cases.length, results: cases.map((c) => ({ name: c.name, ok: false, error })) };
  }
  const results = cases.map((c): TestCaseResult => {
    const wantError = typeof c.expected.$error === 'string' ? c.expected.$error : undefined;
    try {
      const { outputs } = compiled.evaluate(c.input);
      if (wantError) return { name: c.name, ok: false, actual: outputs, diff: [`expected error ${wantError}, got outputs`] };
      const diff: string[] = [];
      for (const [k, v] of Object.entries(c.expected)) diffValues(v, outputs[k], k, diff);
      return diff.length === 0 ? { name: c.name, ok: true } : { name: c.name, ok: false, diff, actual: outputs };
    } catch (e) {
      const error = errorOf(e);
      if (wantError && error.code === wantError) return { name: c.name, ok: true };
      return { name: c.name, ok: false, error, diff: wantError ? [`expected error ${wantError}, got ${error.code}`] : undefined };
    }
  });
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}

function errorOf(e: unknown): { code: string; message: string } {
  if (isAppError(e)) return { code: e.code, message: e.message };
  return { code: 'CF_ERR_INTERNAL', message: (e as Error)?.message ?? String(e) };
}

/** A readable structural diff: one line per differing leaf, with its path (lists compare item by item). */
export function diffValues(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} item(s), got ${actual.length}`);
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) diffValues(expected[i], actual[i], `${path}/${i}`, out);
    return;
  }
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(expected) && isObj(actual)) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    // a record matches when every field the author wrote matches; other fields are not compared
    for (const k of Object.keys(e)) {
      if (!(k in a)) out.push(`${path}/${k}: expected ${JSON.stringify(e[k])}, missing`);
      else diffValues(e[k], a[k], `${path}/${k}`, out);
    }
    return;
  }
  if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
