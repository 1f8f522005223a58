import { useEffect, useMemo, useState } from 'react';
import type { FlowDefinition, FlowReferences } from '../../../../rules/flow/index.js';
import { apiGet } from '../../api/client';
import { useLocale } from '../../app/i18n';
import { groupByNode, validateFlow, type DesignerProblem, type FlowValidation } from '../store/flow-validation';

interface ListEntry { key: string; published: number | null }

/** The rule sets and forms this tenant has published (what rule and start nodes may name); null until known. */
export function usePublishedReferences(): FlowReferences | null {
  const [refs, setRefs] = useState<FlowReferences | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([apiGet<ListEntry[]>('/api/rule-sets'), apiGet<ListEntry[]>('/api/forms')]).then(([ruleSets, forms]) => {
      const published = (list: ListEntry[]) => new Set(list.filter((e) => e.published !== null).map((e) => e.key));
      if (live) setRefs({ ruleSets: published(ruleSets), forms: published(forms) });
    }, () => { /* left to the server's validate before publish */ });
    return () => { live = false; };
  }, []);
  return refs;
}

/**
 * The publish checks, run in the browser a moment after the document stops changing, merged
 * with the problems the server reported for the document it last checked.
 */
export function useLiveValidation(doc: FlowDefinition, refs: FlowReferences | null, serverProblems: DesignerProblem[]): FlowValidation {
  const { locale } = useLocale();
  // the check takes ≈ 0.4 ms per node here: wait longer after an edit of a big graph
  const delayMs = 250 + Math.min(1000, doc.nodes.length);
  const [live, setLive] = useState<DesignerProblem[]>(() => validateFlow(doc, refs, locale).problems);
  useEffect(() => {
    const timer = setTimeout(() => setLive(validateFlow(doc, refs, locale).problems), delayMs);
    return () => clearTimeout(timer);
  }, [doc, refs, locale, delayMs]);
  return useMemo(() => {
    const seen = new Set(live.map((p) => `${p.code}|${p.pointer}`));
    return groupByNode([...live, ...serverProblems.filter((p) => !seen.has(`${p.code}|${p.pointer}`))]);
  }, [live, serverProblems]);
}
