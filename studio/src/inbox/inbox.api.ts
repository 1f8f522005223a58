import { apiGet, apiPost } from '../api/client';
import type { Json, Permissions } from './form-binding';
import type { BulkResult, Box, SlaState } from './inbox-format';
import type { RoleName } from './rule-words';
import type { TimelineEvent } from './timeline-words';

type Localized = { zh?: string; en?: string };

export interface InboxRow {
  taskId: string | null;
  taskStatus: string | null;
  instanceId: string;
  instanceStatus: string;
  definitionKey: string;
  definitionVersion: number;
  flowName: Localized;
  nodeId: string | null;
  nodeName: Localized;
  dealer: { code: string; name: string } | null;
  order: { id: string | null; orderNo: string | null; orderAmount: string | null } | null;
  initiator: { id: string; displayName: string };
  waitingSince: string;
  completedAt: string | null;
  sla: { state: SlaState; dueAt: string | null };
}

export interface InboxPage { box: Box; counts: Record<Box, number>; rows: InboxRow[] }

export interface TaskDetail {
  row: InboxRow;
  /** Null when opened without a task (我发起的 / 抄送我). */
  kind: 'APPROVAL' | 'RESUBMIT' | null;
  assignee: string | null;
  fieldPermissions: Permissions;
  form: { key: string; version: number; schema: Record<string, unknown>; uiSchema: Record<string, unknown> } | null;
  returnTargets: { nodeId: string; name: Localized; type: string }[];
  nodeNames: Record<string, Localized>;
  order: { id: string; orderNo: string; status: string; orderAmount: string; rebateOffset: string; payableAmount: string; explanation: { zh: string[]; en: string[] } } | null;
}

export interface InstanceView {
  id: string;
  status: string;
  initiator: string;
  variables?: Record<string, Json>;
  tasks?: { id: string; nodeId: string; assignee: string; status: string; comment?: string; decidedAt?: string }[];
  pendingTasks?: { id: string; assignee: string; nodeId: string }[];
}

export interface Colleague { id: string; login: string; displayName: string; active: boolean; dealerCode: string | null; roles: RoleName[] }

export const inboxApi = {
  rows: (box: Box) => apiGet<InboxPage>(`/api/inbox?box=${box}`),
  task: (taskId: string) => apiGet<TaskDetail>(`/api/inbox/tasks/${taskId}`),
  instanceDetail: (id: string) => apiGet<TaskDetail>(`/api/inbox/instances/${id}`),
  instance: (id: string) => apiGet<InstanceView>(`/api/instances/${id}`),
  timeline: (id: string) => apiGet<TimelineEvent[]>(`/api/instances/${id}/timeline`),
  users: () => apiGet<Colleague[]>('/api/inbox/users'),
  bulkApprove: (taskIds: string[], comment?: string) => apiPost<{ results: BulkResult[] }>('/api/tasks/bulk-approve', { taskIds, ...(comment ? { comment } : {}) }),
  approve: (taskId: string, body: { comment?: string; formPatch?: Record<string, Json> }) => apiPost<InstanceView>(`/api/tasks/${taskId}/approve`, body),
  reject: (taskId: string, body: { comment?: string }) => apiPost<InstanceView>(`/api/tasks/${taskId}/reject`, body),
  returnTo: (taskId: string, body: { comment?: string; targetNodeId?: string }) => apiPost<InstanceView>(`/api/tasks/${taskId}/return`, body),
  transfer: (taskId: string, body: { comment?: string; to: string }) => apiPost<InstanceView>(`/api/tasks/${taskId}/transfer`, body),
  addSigner: (taskId: string, body: { comment?: string; users: string[]; position: 'BEFORE' | 'AFTER' }) => apiPost<InstanceView>(`/api/tasks/${taskId}/add-signer`, body),
};
