import { RE2JS } from 're2js';

/**
 * Regular expressions a tenant writes (`pattern` and `patternProperties` in custom-field and form
 * schemas) run inside the shared server. JavaScript's engine backtracks: `^(a+)+$` took 2.25 s on
 * 28 characters and stalled every tenant. So a tenant pattern is
 *
 *   1. run by RE2 (`re2js`, a pure-JavaScript port of Google's linear-time engine), never by
 *      JavaScript's own: matching time grows with the input, not exponentially;
 *   2. refused at deploy / validate / save unless this static check finds it free of the shapes that
 *      backtrack badly: a repeated group whose end can run into its own start (`(a+)+`, `(a*)*`,
 *      `(\w+\s?)+`, `(.*a){20}`), overlapping alternatives under a repetition (`(a|a)*`, `(a|ab)+`),
 *      adjacent quantifiers over the same characters (`\d+\d+`, `.*.*`), backreferences and
 *      lookarounds, counts above 1,000, groups nested deeper than 10, and patterns longer than 256
 *      characters;
 *      (these would be harmless under RE2, but are refused where the author can still fix them, with a
 *      reason, and keep the patterns portable to the browser's own engine in the studio);
 *   3. run only on strings of at most 500 characters (`TENANT_PATTERN_LIMITS.maxInputLength`).
 *
 * Pure (no Node built-ins): the studio can run the same check while a pattern is typed.
 */
export const TENANT_PATTERN_LIMITS = Object.freeze({ maxLength: 256, maxInputLength: 500, maxCount: 1000, maxGroupDepth: 10 });

export type PatternRefusal =
  | 'syntax' | 'too-long' | 'too-deep' | 'backreference' | 'lookaround' | 'count-too-large'
  | 'nested-quantifier' | 'overlapping-alternatives' | 'adjacent-quantifiers';

export type PatternCheck = { ok: true } | { ok: false; reason: PatternRefusal; message: string };

// ---- character sets: sorted, disjoint, inclusive code-point ranges -------------------------------

type CharSet = readonly (readonly [number, number])[];
const MAX_CP = 0x10ffff;
const EMPTY: CharSet = [];
const ANY: CharSet = [[0, MAX_CP]];

function normalize(ranges: [number, number][]): CharSet {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
const union = (...sets: CharSet[]): CharSet => normalize(sets.flatMap((s) => s.map(([a, b]) => [a, b] as [number, number])));
function complement(s: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of s) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}
function intersect(x: CharSet, y: CharSet): CharSet {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const lo = Math.max(x[i][0], y[j][0]);
    const hi = Math.min(x[i][1], y[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}
const overlaps = (x: CharSet, y: CharSet) => intersect(x, y).length > 0;
const single = (cp: number): CharSet => [[cp, cp]];

const DIGIT: CharSet = [[48, 57]];
const WORD: CharSet = normalize([[48, 57], [65, 90], [95, 95], [97, 122]]);
const SPACE: CharSet = normalize([[9, 13], [32, 32], [160, 160], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]]);
const DOT: CharSet = complement(normalize([[10, 10], [13, 13], [0x2028, 0x2029]]));

// ---- the syntax tree of a pattern (already known to compile with the `u` flag) ------------------

type Node =
  | { k: 'set'; set: CharSet }
  | { k: 'assert' }
  | { k: 'seq'; items: Node[] }
  | { k: 'alt'; branches: Node[] }
  | { k: 'rep'; body: Node; min: number; max: number };

class Refused extends Error {
  constructor(readonly reason: PatternRefusal, message: string) {
    super(message);
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly cps: number[];
  constructor(source: string) {
    this.cps = [...source].map((c) => c.codePointAt(0)!);
  }

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.cps.length) throw new Refused('syntax', `unexpected "${String.fromCodePoint(this.cps[this.i])}"`);
    return node;
  }

  private peek(offset = 0): number | undefined {
    return this.cps[this.i + offset];
  }
  private ch(offset = 0): string {
    const c = this.peek(offset);
    return c === undefined ? '' : String.fromCodePoint(c);
  }

  private alternation(): Node {
    const branches = [this.sequence()];
    while (this.ch() === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { k: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.cps.length && this.ch() !== '|' && this.ch() !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { k: 'seq', items };
  }

  private quantified(atom: Node): Node {
    let min: number;
    let max: number;
    const c = this.ch();
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.i, this.i + 24)));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > TENANT_PATTERN_LIMITS.maxCount || (max !== Infinity && max > TENANT_PATTERN_LIMITS.maxCount)) {
        throw new Refused('count-too-large', `a count above ${TENANT_PATTERN_LIMITS.maxCount} ("${m[0]}")`);
      }
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.ch() === '?') this.i++; // lazy: the same language, the same backtracking
    return { k: 'rep', body: atom, min, max };
  }

  private atom(): Node {
    const c = this.ch();
    if (c === '^' || c === '$') {
      this.i++;
      return { k: 'assert' };
    }
    if (c === '.') {
      this.i++;
      return { k: 'set', set: DOT };
    }
    if (c === '[') return { k: 'set', set: this.charClass() };
    if (c === '(') {
      this.i++;
      // the analysis walks a repeated group twice: nesting is bounded so that it stays small
      if (++this.depth > TENANT_PATTERN_LIMITS.maxGroupDepth) throw new Refused('too-deep', `groups nested deeper than ${TENANT_PATTERN_LIMITS.maxGroupDepth}`);
      if (this.ch() === '?') {
        const two = this.ch(1);
        if (two === '=' || two === '!' || (two === '<' && (this.ch(2) === '=' || this.ch(2) === '!'))) {
          throw new Refused('lookaround', 'lookahead and lookbehind ((?=, (?!, (?<=, (?<!)');
        }
        if (two === ':') this.i += 2;
        else if (two === '<') {
          while (this.i < this.cps.length && this.ch() !== '>') this.i++;
          this.i++;
        } else throw new Refused('syntax', `unsupported group "(?${two}"`);
      }
      const body = this.alternation();
      if (this.ch() !== ')') throw new Refused('syntax', 'unclosed group');
      this.i++;
      this.depth--;
      return body;
    }
    if (c === '\\') {
      this.i++;
      return this.escape(false);
    }
    this.i++;
    return { k: 'set', set: single(this.cps[this.i - 1]) };
  }

  /** After a backslash: an assertion, a class escape, a backreference or one character. */
  private escape(inClass: boolean): Node & { k: 'set' | 'assert' } {
    const c = this.ch();
    this.i++;
    switch (c) {
      case 'b': return inClass ? { k: 'set', set: single(8) } : { k: 'assert' };
      case 'B': return { k: 'assert' };
      case 'd': return { k: 'set', set: DIGIT };
      case 'D': return { k: 'set', set: complement(DIGIT) };
      case 'w': return { k: 'set', set: WORD };
      case 'W': return { k: 'set', set: complement(WORD) };
      case 's': return { k: 'set', set: SPACE };
      case 'S': return { k: 'set', set: complement(SPACE) };
      case 'p':
      case 'P': // a Unicode property: taken as any character (the check stays conservative)
        while (this.i < this.cps.length && this.ch() !== '}') this.i++;
        this.i++;
        return { k: 'set', set: ANY };
      case 'k':
        throw new Refused('backreference', 'a named backreference (\\k<name>)');
      case 't': return { k: 'set', set: single(9) };
      case 'n': return { k: 'set', set: single(10) };
      case 'v': return { k: 'set', set: single(11) };
      case 'f': return { k: 'set', set: single(12) };
      case 'r': return { k: 'set', set: single(13) };
      case 'c': {
        const letter = this.peek() ?? 64;
        this.i++;
        return { k: 'set', set: single(letter % 32) };
      }
      case 'x': {
        const hex = this.ch() + this.ch(1);
        this.i += 2;
        return { k: 'set', set: single(parseInt(hex, 16)) };
      }
      case 'u': {
        if (this.ch() === '{') {
          let hex = '';
          this.i++;
          while (this.i < this.cps.length && this.ch() !== '}') {
            hex += this.ch();
            this.i++;
          }
          this.i++;
          return { k: 'set', set: single(parseInt(hex, 16)) };
        }
        const hex = String.fromCodePoint(...this.cps.slice(this.i, this.i + 4));
        this.i += 4;
        return { k: 'set', set: single(parseInt(hex, 16)) };
      }
      default:
        if (/^[1-9]$/.test(c) && !inClass) throw new Refused('backreference', `a backreference (\\${c})`);
        if (c === '0') return { k: 'set', set: single(0) };
        return { k: 'set', set: single(c.codePointAt(0)!) };
    }
  }

  private charClass(): CharSet {
    this.i++; // [
    let negated = false;
    if (this.ch() === '^') {
      negated = true;
      this.i++;
    }
    const parts: CharSet[] = [];
    const one = (): CharSet => {
      if (this.ch() === '\\') {
        this.i++;
        return (this.escape(true) as { set: CharSet }).set;
      }
      this.i++;
      return single(this.cps[this.i - 1]);
    };
    while (this.i < this.cps.length && this.ch() !== ']') {
      const from = one();
      if (this.ch() === '-' && this.ch(1) !== ']' && this.ch(1) !== '' && from.length === 1 && from[0][0] === from[0][1]) {
        this.i++;
        const to = one();
        parts.push(to.length === 1 ? [[from[0][0], to[0][1]]] : union(from, to, single(45)));
      } else parts.push(from);
    }
    this.i++; // ]
    const set = union(...parts);
    return negated ? complement(set) : set;
  }
}

// ---- the analysis -----------------------------------------------------------------------------

function nullable(n: Node): boolean {
  switch (n.k) {
    case 'set': return false;
    case 'assert': return true;
    case 'seq': return n.items.every(nullable);
    case 'alt': return n.branches.some(nullable);
    case 'rep': return n.min === 0 || nullable(n.body);
  }
}

const firstSets = new WeakMap<Node, CharSet>();
/** The characters a node can start with (memoized: the walk asks for a node's set many times). */
function first(n: Node): CharSet {
  let set = firstSets.get(n);
  if (set === undefined) firstSets.set(n, (set = firstOf(n)));
  return set;
}

function firstOf(n: Node): CharSet {
  switch (n.k) {
    case 'set': return n.set;
    case 'assert': return EMPTY;
    case 'seq': {
      const sets: CharSet[] = [];
      for (const item of n.items) {
        sets.push(first(item));
        if (!nullable(item)) break;
      }
      return union(...sets);
    }
    case 'alt': return union(...n.branches.map(first));
    case 'rep': return n.max === 0 ? EMPTY : first(n.body);
  }
}

/**
 * How much backtracking a chain of overlapping quantifiers outside any repetition may add: the product
 * of their ranges, an unbounded range counted as the input bound. `\\d{1,3}[- ]?\\d{3,14}` costs
 * 3 × 12; `\\d+\\d+` costs 500 × 500 (cubic without an anchor) and is refused.
 */
const MAX_CHAIN_COST = 100;

/** What an earlier variable quantifier could still consume instead of what comes now, and the cost of its chain. */
interface Open {
  set: CharSet;
  cost: number;
}
const CLOSED: Open = { set: EMPTY, cost: 1 };
const rangeOf = (n: { min: number; max: number }) => Math.min(n.max - n.min + 1, TENANT_PATTERN_LIMITS.maxInputLength);

/**
 * Walks a node with what is open before it (two ways to split the same text: the root of polynomial
 * and, under a repetition, exponential backtracking). Returns what is open after it; throws on a
 * chain too costly, or on any overlap inside a repetition.
 */
function walk(n: Node, open: Open, repeated: boolean): Open {
  switch (n.k) {
    case 'assert': return open;
    // a character the earlier quantifier could have taken keeps it open (it could take this one and
    // go on); one it could not take closes it
    case 'set': return overlaps(open.set, n.set) ? open : CLOSED;
    case 'seq': return n.items.reduce((o, item) => walk(item, o, repeated), open);
    case 'alt': {
      if (repeated) {
        const firsts = n.branches.map(first);
        for (let a = 0; a < firsts.length; a++) {
          for (let b = a + 1; b < firsts.length; b++) {
            if (overlaps(firsts[a], firsts[b])) throw new Refused('overlapping-alternatives', 'alternatives that can start with the same character, under a repetition (e.g. (a|ab)+)');
          }
        }
      }
      const ends = n.branches.map((b) => walk(b, open, repeated));
      return { set: union(...ends.map((e) => e.set)), cost: Math.max(...ends.map((e) => e.cost)) };
    }
    case 'rep': {
      if (n.max === 0) return open;
      const variable = n.min !== n.max;
      let chain = variable ? rangeOf(n) : 1;
      if (variable && overlaps(open.set, first(n.body))) {
        if (repeated) throw new Refused('nested-quantifier', 'a quantifier inside a repeated group can take what the next repetition takes (e.g. (a+)+, (\\w+\\s?)+)');
        chain *= open.cost;
        if (chain > MAX_CHAIN_COST) throw new Refused('adjacent-quantifiers', 'quantifiers in a row can take the same characters (e.g. \\d+\\d+, .*\\s{1,3}, a?a?a?aaa)');
      }
      const inner = n.max > 1 || repeated;
      let end = walk(n.body, open, inner);
      // the next repetition starts where this one ended: a loop whose end runs into its own start
      if (n.max > 1) end = walk(n.body, end, true);
      if (!variable) return end;
      // it may stop here or go on with another repetition
      const set = union(n.min === 0 ? open.set : EMPTY, end.set, first(n.body));
      return { set, cost: Math.max(chain, end.cost, n.min === 0 ? open.cost : 1) };
    }
  }
}

/** Whether a tenant pattern may be deployed (see the file comment); a refusal says why. */
export function checkTenantPattern(source: string): PatternCheck {
  if (typeof source !== 'string') return { ok: false, reason: 'syntax', message: 'a pattern is a string' };
  if (source.length > TENANT_PATTERN_LIMITS.maxLength) {
    return { ok: false, reason: 'too-long', message: `${source.length} characters; at most ${TENANT_PATTERN_LIMITS.maxLength}` };
  }
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return { ok: false, reason: 'syntax', message: (e as Error).message };
  }
  try {
    walk(new Parser(source).parse(), CLOSED, false);
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.reason, message: e.message };
    throw e;
  }
  try {
    compileRe2(source);
  } catch (e) {
    return { ok: false, reason: 'syntax', message: (e as Error).message };
  }
  return { ok: true };
}

/** Keywords whose values are data, not schemas: a "pattern" inside them is not a pattern. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

export interface SchemaPatternProblem {
  /** JSON pointer, inside the schema, of the `pattern` value or the `patternProperties` key. */
  pointer: string;
  pattern: string;
  reason: PatternRefusal;
  message: string;
}

const seg = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every `pattern` and `patternProperties` key of a tenant's JSON Schema that `checkTenantPattern` refuses. */
export function findUnsafePatterns(schema: unknown, base = ''): SchemaPatternProblem[] {
  const problems: SchemaPatternProblem[] = [];
  const stack: { v: unknown; pointer: string }[] = [{ v: schema, pointer: base }];
  while (stack.length) {
    const { v, pointer } = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, pointer: `${pointer}/${i}` }));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
      const here = `${pointer}/${seg(key)}`;
      if (DATA_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      if (key === 'pattern' && typeof value === 'string') {
        const r = checkTenantPattern(value);
        if (!r.ok) problems.push({ pointer: here, pattern: value, reason: r.reason, message: r.message });
        continue;
      }
      if (key === 'patternProperties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const p of Object.keys(value)) {
          const r = checkTenantPattern(p);
          if (!r.ok) problems.push({ pointer: `${here}/${seg(p)}`, pattern: p, reason: r.reason, message: r.message });
        }
      }
      stack.push({ v: value, pointer: here });
    }
  }
  return problems.sort((a, b) => a.pointer.localeCompare(b.pointer));
}

/** A JavaScript pattern in RE2's syntax: the only difference tenants write is `\uXXXX` (RE2: `\x{XXXX}`). */
function compileRe2(source: string, flags = 0): RE2JS {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const rest = source.slice(i + 1);
    const m = /^u\{([0-9a-fA-F]{1,6})\}|^u([0-9a-fA-F]{4})/.exec(rest);
    if (m) {
      out += `\\x{${m[1] ?? m[2]}}`;
      i += m[0].length;
    } else {
      out += c + (source[i + 1] ?? '');
      i++;
    }
  }
  return RE2JS.compile(out, flags);
}

/**
 * ajv's `code.regExp` for tenant schemas, on RE2: refuses (throws at compile) a pattern the check refuses —
 * a declaration stored before the check existed never runs — and never runs a pattern on a string
 * longer than `maxInputLength` (such a string does not match).
 */
export const tenantRegExp = Object.assign(
  (pattern: string, flags: string) => {
    const check = checkTenantPattern(pattern);
    if (!check.ok) throw new Error(`unsafe pattern "${pattern}": ${check.message}`);
    // ajv asks for 'u' (unicode), which RE2 always is.
    const rx = compileRe2(pattern, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
    return {
      test: (s: string) => s.length <= TENANT_PATTERN_LIMITS.maxInputLength && rx.test(s),
      toString: () => `/${pattern}/re2(≤${TENANT_PATTERN_LIMITS.maxInputLength})`,
    };
  },
  { code: 'tenantRegExp' },
);
