import { checkFlowDefinition, type FlowDefinition, type FlowProblem, type FlowReferences } from '../../../../rules/flow/index.js';
import type { Locale } from '../../../../schemas/ajv.js';

export interface DesignerProblem {
  code: string;
  pointer: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Where it was found: the browser's live check, or the server's validate / publish. */
  source: 'live' | 'server';
}

export interface FlowValidation {
  problems: DesignerProblem[];
  byNode: Map<string, DesignerProblem[]>;
}

const referenceCodes = new Set(['FLW_ERR_UNKNOWN_RULE_SET', 'FLW_ERR_UNKNOWN_FORM']);

export function groupByNode(problems: DesignerProblem[]): FlowValidation {
  const byNode = new Map<string, DesignerProblem[]>();
  for (const p of problems) if (p.nodeId) byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), p]);
  return { problems, byNode };
}

/**
 * The publish checks run in the browser: the FlowDefinition schema and the graph, exactly as the
 * server runs them (`checkFlowDefinition`). When the published rule sets and forms are not known
 * (`refs` null) the reference checks are left to the server.
 */
export function validateFlow(doc: FlowDefinition, refs: FlowReferences | null, locale: Locale): FlowValidation {
  const check = checkFlowDefinition(doc, refs ?? { ruleSets: new Set(), forms: new Set() }, locale);
  if (check.ok) return { problems: [], byNode: new Map() };
  const problems = check.problems
    .filter((p) => refs !== null || !referenceCodes.has(p.code))
    .map((p: FlowProblem): DesignerProblem => ({ ...p, source: 'live' }));
  return groupByNode(problems);
}

/** Problems answered by the server (validate, or a refused publish's 422), tied to nodes by id or pointer. */
export function fromServerProblems(doc: FlowDefinition, problems: { pointer?: string; code?: string; message: string; nodeId?: string; edgeId?: string }[]): DesignerProblem[] {
  return problems.map((p) => {
    const pointer = p.pointer ?? '';
    const m = /^(?:\/document)?\/nodes\/(\d+)/.exec(pointer);
    const nodeId = p.nodeId ?? (m ? doc.nodes[Number(m[1])]?.id : undefined);
    return { code: p.code ?? 'CF_ERR_VALIDATION', pointer, message: p.message, source: 'server', ...(nodeId ? { nodeId } : {}), ...(p.edgeId ? { edgeId: p.edgeId } : {}) };
  });
}
