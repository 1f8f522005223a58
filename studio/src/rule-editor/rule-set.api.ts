import type { RuleSetDocument } from '../../../rules/index';
import { apiGet, apiPost, apiPut } from '../api/client';

/** The rule-set routes of server/rule-sets/rule-set.routes.ts, typed for the studio. */
export interface RuleSetSummary {
  key: string;
  name?: { zh?: string; en?: string };
  published: number | null;
  draft: number | null;
}

export interface RuleSetVersionView {
  key: string;
  version: number;
  status: 'DRAFT' | 'PUBLISHED' | 'SUPERSEDED';
  name?: { zh?: string; en?: string };
  effectiveFrom: string | null;
  effectiveTo: string | null;
  createdAt: string;
  publishedAt: string | null;
  rowVersion: number;
  document?: RuleSetDocument;
}

export interface ValidationReport {
  ok: boolean;
  problems: { pointer: string; code: string; message: string }[];
  testCases?: { passed: number; failed: number; results: { name: string; ok: boolean; diff?: string[] }[] };
}

const base = (key: string) => `/api/rule-sets/${encodeURIComponent(key)}`;

export const ruleSetApi = {
  list: () => apiGet<RuleSetSummary[]>('/api/rule-sets'),
  create: (document: RuleSetDocument) => apiPost<RuleSetVersionView>('/api/rule-sets', document),
  versions: (key: string) => apiGet<RuleSetVersionView[]>(`${base(key)}/versions`),
  version: (key: string, version: number) => apiGet<RuleSetVersionView>(`${base(key)}/versions/${version}`),
  saveDraft: (key: string, document: RuleSetDocument, rowVersion?: number) =>
    apiPut<RuleSetVersionView>(`${base(key)}/draft`, rowVersion === undefined ? { document } : { document, rowVersion }),
  validate: (key: string) => apiPost<ValidationReport>(`${base(key)}/validate`),
  publish: (key: string) => apiPost<RuleSetVersionView>(`${base(key)}/publish`),
};

/** Starting documents for a new rule set, one per kind of first step; each validates as it is. */
export type StarterKind = 'decisionTable' | 'rules' | 'assign' | 'bandTable';

export function starterDocument(key: string, name: { zh: string; en: string }, kind: StarterKind): RuleSetDocument {
  const common = { key, name, testCases: [] };
  switch (kind) {
    case 'decisionTable':
      return {
        ...common,
        inputs: [{ name: 'grade', type: 'enum', values: ['A', 'B', 'C'], label: { zh: '等级', en: 'Grade' } }],
        outputs: [{ name: 'discountRate', type: 'rate', label: { zh: '折扣率', en: 'Discount rate' } }],
        steps: [{
          kind: 'decisionTable', id: 'discount', label: { zh: '折扣表', en: 'Discount table' }, hitPolicy: 'FIRST',
          inputs: [{ fact: 'grade', type: 'enum' }],
          outputs: [{ name: 'discountRate', type: 'rate', default: '0.00' }],
          rows: [{ when: ['A'], then: ['0.10'] }, { when: [{ any: true }], then: ['0.00'] }],
        }],
      };
    case 'rules':
      return {
        ...common,
        inputs: [{ name: 'orderAmount', type: 'money', label: { zh: '订单金额', en: 'Order amount' } }],
        outputs: [{ name: 'needsApproval', type: 'boolean' }],
        steps: [{
          kind: 'rules', id: 'checks', emit: 'first', defaults: { needsApproval: false },
          rules: [{ name: 'large-order', conditions: { all: [{ fact: 'orderAmount', operator: 'decimalGreaterThanInclusive', value: '500000.00' }] }, event: { type: 'large-order', params: { needsApproval: true } } }],
        }],
      };
    case 'assign':
      return {
        ...common,
        inputs: [{ name: 'qty', type: 'integer' }, { name: 'listPrice', type: 'money' }],
        outputs: [{ name: 'amount', type: 'money' }],
        steps: [{ kind: 'assign', id: 'amount', set: { amount: { $expr: 'round(qty * listPrice, 2)' } } }],
      };
    case 'bandTable':
      return {
        ...common,
        inputs: [{ name: 'netPurchase', type: 'money' }],
        outputs: [{ name: 'rebate', type: 'money' }],
        steps: [{
          kind: 'bandTable', id: 'rebate', basis: 'netPurchase', mode: 'RETROACTIVE', round: 'HALF_UP', scale: 2,
          bands: [{ from: '0', rate: '0.00' }, { from: '1000000', rate: '0.01' }], into: { amount: 'rebate' },
        }],
      };
  }
}
