import type { FlowDefinition } from '../../../../rules/flow/index.js';
import { apiGet, apiPost, apiPut } from '../../api/client';

export type VersionStatus = 'DRAFT' | 'PUBLISHED' | 'SUPERSEDED';

/** GET /api/workflows/:key/versions (newest first, each with its document). */
export interface VersionSummary {
  key: string;
  version: number;
  status: VersionStatus;
  name: { zh?: string; en?: string };
  publishedAt: string | null;
  document: FlowDefinition;
}

/** GET /api/workflows/:key/versions/:version, PUT …/draft, POST …/publish. */
export interface VersionView extends Omit<VersionSummary, 'document' | 'publishedAt'> {
  rowVersion: number;
  publishedAt?: string | null;
  document?: FlowDefinition;
}

export interface ValidationReport {
  ok: boolean;
  problems: { pointer: string; code: string; message: string; nodeId?: string; edgeId?: string }[];
}

/** A list entry of GET /api/workflow-definitions: each key with its published and draft version. */
export interface WorkflowListEntry {
  key: string;
  name?: { zh?: string; en?: string };
  published: number | null;
  draft: number | null;
}

const base = (key: string) => `/api/workflows/${encodeURIComponent(key)}`;

/** The server keeps the version number outside the document. */
export function withoutVersion(doc: FlowDefinition): FlowDefinition {
  const { version: _v, ...rest } = doc;
  return rest as FlowDefinition;
}

export const workflowApi = {
  list: () => apiGet<WorkflowListEntry[]>('/api/workflow-definitions'),
  create: (document: FlowDefinition) => apiPost<VersionView>('/api/workflows', { document }),
  versions: (key: string) => apiGet<VersionSummary[]>(`${base(key)}/versions`),
  version: (key: string, version: number) => apiGet<VersionView>(`${base(key)}/versions/${version}`),
  saveDraft: (key: string, document: FlowDefinition, rowVersion?: number) =>
    apiPut<VersionView>(`${base(key)}/draft`, { document: withoutVersion(document), ...(rowVersion !== undefined ? { rowVersion } : {}) }),
  validate: (key: string) => apiPost<ValidationReport>(`${base(key)}/validate`),
  publish: (key: string) => apiPost<VersionView>(`${base(key)}/publish`),
};
