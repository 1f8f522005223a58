import type { FieldDecl, ItemDecl, RuleProblem, RuleSetDocument, Step } from '../../../rules/index';
import { validateRuleSet } from '../../../rules/index';
import type { Locale } from '../app/i18n';
import { isUnder } from './problem-map';
import type { Command } from './store/command-store';
import { applyOps } from './store/json-patch';

/** What every step editor receives. */
export interface StepEditorProps<S extends Step = Step> {
  doc: RuleSetDocument;
  step: S;
  pointer: string;
  problems: readonly RuleProblem[];
  execute(cmd: Command): void;
  readOnly: boolean;
  locale: Locale;
  facts: FactCatalog;
}

/**
 * Problems the document would have after a command, under one pointer: how a cell or a formula
 * shows its errors while being typed, with the validator the server uses.
 */
export function problemsAfter(doc: RuleSetDocument, cmd: Command, pointer: string, locale: Locale): RuleProblem[] {
  if (cmd.ops.length === 0) {
    const r = validateRuleSet(doc, { locale });
    return r.ok ? [] : r.problems.filter((p) => isUnder(p.pointer, pointer));
  }
  let next: unknown;
  try {
    next = applyOps(doc, cmd.ops).doc;
  } catch (e) {
    return [{ pointer, code: 'RUL_ERR_SCHEMA', message: (e as Error).message }];
  }
  const r = validateRuleSet(next, { locale });
  return r.ok ? [] : r.problems.filter((p) => isUnder(p.pointer, pointer));
}

/** The names a rule may read, with their declarations where known (inputs, item fields) or as computed. */
export interface FactCatalog {
  names: string[];
  decl(name: string): ItemDecl | undefined;
}

export function factCatalog(doc: RuleSetDocument): FactCatalog {
  const decls = new Map<string, ItemDecl>();
  const names = new Set<string>();
  const addDecls = (list: readonly FieldDecl[] | undefined) => {
    for (const d of list ?? []) {
      if (!d.name) continue;
      names.add(d.name);
      if (!decls.has(d.name)) decls.set(d.name, d);
      addDecls(d.items?.fields);
      addDecls(d.fields);
    }
  };
  addDecls(doc.inputs);
  const walk = (steps: readonly Step[]) => {
    for (const s of steps ?? []) {
      switch (s.kind) {
        case 'assign': Object.keys(s.set ?? {}).forEach((n) => names.add(n)); break;
        case 'rules':
          Object.keys(s.defaults ?? {}).forEach((n) => names.add(n));
          for (const r of s.rules ?? []) Object.keys(r.event?.params ?? {}).forEach((n) => names.add(n));
          if (s.eventsInto) names.add(s.eventsInto);
          break;
        case 'decisionTable':
          for (const o of s.outputs ?? []) { names.add(o.name); if (!decls.has(o.name)) decls.set(o.name, { type: o.type }); }
          if (s.into) names.add(s.into);
          break;
        case 'bandTable': Object.values(s.into ?? {}).forEach((n) => n && names.add(n)); break;
        case 'forEach':
          if (s.as) names.add(s.as);
          walk(s.steps);
          if (s.into) names.add(s.into);
          Object.keys(s.aggregate ?? {}).forEach((n) => names.add(n));
          break;
        case 'select': Object.keys(s.set ?? {}).forEach((n) => names.add(n)); if (s.into) names.add(s.into); break;
        case 'buildList': names.add(s.into); break;
      }
    }
  };
  walk(doc.steps);
  addDecls(doc.outputs);
  return { names: [...names], decl: (n) => decls.get(n) };
}
