import type { Locale } from '../../../../schemas/ajv.js';
import { bundleSchema } from '../../../../schemas/bundle-schema.js';
import { flowSchemas } from '../../../../schemas/flow/index.js';
import { ruleSchemas } from '../../../../schemas/rules/index.js';

type Json = Record<string, unknown>;

const byId = new Map([...ruleSchemas, ...flowSchemas].map((s) => [String((s as Json).$id), s as Json]));

/** Display names of the enum values the node parameters use (the values themselves are the schema's). */
const enumLabels: Record<string, { zh: string; en: string }> = {
  SINGLE: { zh: '单人审批', en: 'Single approver' },
  ANY: { zh: '或签（一人通过即可）', en: 'Any of (one approval suffices)' },
  ALL: { zh: '会签（需全部通过）', en: 'All of' },
  SEQUENTIAL: { zh: '依次审批', en: 'In sequence' },
  AUTO_PASS: { zh: '自动通过', en: 'Pass automatically' },
  TO_TENANT_ADMIN: { zh: '转交管理员', en: 'Hand to the tenant admin' },
  REJECT: { zh: '驳回', en: 'Reject' },
  KEEP: { zh: '仍由其审批', en: 'Keep' },
  SKIP_TO_MANAGER: { zh: '转交其上级', en: 'Skip to the manager' },
  CONSECUTIVE: { zh: '连续重复时只审一次', en: 'Once when consecutive' },
  NONE: { zh: '不去重', en: 'Never' },
  HIDDEN: { zh: '隐藏', en: 'Hidden' },
  READ: { zh: '只读', en: 'Read' },
  EDIT: { zh: '可编辑', en: 'Edit' },
  APPROVED: { zh: '通过', en: 'Approved' },
  REJECTED: { zh: '驳回', en: 'Rejected' },
  CANCELLED: { zh: '取消', en: 'Cancelled' },
  APPROVE: { zh: '自动通过', en: 'Approve' },
};

/** Titles of parameters the schemas leave without an `x-label`. */
const fieldTitles: Record<string, { zh: string; en: string }> = {
  assignees: { zh: '审批人', en: 'Approvers' },
  recipients: { zh: '接收人', en: 'Recipients' },
  ruleSet: { zh: '规则集', en: 'Rule set' },
  key: { zh: '编码', en: 'Key' },
  version: { zh: '版本（空为最新发布）', en: 'Version (empty: latest published)' },
  branches: { zh: '分支', en: 'Branches' },
  port: { zh: '出口名', en: 'Port' },
  condition: { zh: '条件', en: 'Condition' },
  defaultPort: { zh: '默认分支出口', en: 'Default port' },
  url: { zh: '地址', en: 'URL' },
  method: { zh: '方法', en: 'Method' },
  body: { zh: '请求体', en: 'Body' },
  retry: { zh: '重试', en: 'Retry' },
  maxAttempts: { zh: '最多尝试次数', en: 'Max attempts' },
  backoffSeconds: { zh: '退避秒数', en: 'Backoff (s)' },
  factor: { zh: '退避倍数', en: 'Factor' },
  resultVariable: { zh: '结果写入变量', en: 'Result variable' },
  message: { zh: '消息', en: 'Message' },
  set: { zh: '设置', en: 'Set' },
  outcome: { zh: '结束结果', en: 'Outcome' },
  role: { zh: '角色编码', en: 'Role code' },
  users: { zh: '成员', en: 'Users' },
  levels: { zh: '上级层数', en: 'Levels up' },
  region: { zh: '区域变量', en: 'Region variable' },
  variable: { zh: '变量', en: 'Variable' },
  steps: { zh: '步骤变量', en: 'Steps variable' },
  remindEveryWorkingHours: { zh: '每隔几个工作小时提醒', en: 'Remind every (working hours)' },
  escalateAfterWorkingHours: { zh: '超过几个工作小时升级', en: 'Escalate after (working hours)' },
  escalateToRole: { zh: '升级给角色', en: 'Escalate to role' },
  autoDecideAfterWorkingDays: { zh: '超过几个工作日自动处理', en: 'Auto-decide after (working days)' },
  autoDecision: { zh: '自动处理结果', en: 'Automatic decision' },
  zh: { zh: '中文', en: 'Chinese' },
  en: { zh: '英文', en: 'English' },
};

const pick = (label: unknown, locale: Locale): string | undefined => {
  const l = label as { zh?: string; en?: string } | undefined;
  return l ? (locale === 'en' ? l.en ?? l.zh : l.zh ?? l.en) : undefined;
};

/**
 * A node type's parameter schema made self-contained for the inspector form (rjsf resolves only
 * local `$ref`s): every schema it references by `$id` is copied under `definitions`, `x-label`
 * becomes the `title` in the current language. Validation is unchanged.
 */
export function paramsFormSchema(rootId: string, locale: Locale): Json {
  const labelled = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(labelled);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === 'x-label') { if (!('title' in (node as Json))) out.title = pick(v, locale); continue; }
      if (k.startsWith('x-')) continue;
      out[k] = k === 'properties' ? titled(v as Json) : labelled(v);
    }
    return out;
  };
  const titled = (props: Json): Json => Object.fromEntries(Object.entries(props).map(([name, prop]) => {
    const p = labelled(prop) as Json;
    const title = fieldTitles[name];
    return [name, title && p.title === undefined && !('$ref' in p) ? { ...p, title: pick(title, locale) } : p];
  }));
  const bundled = bundleSchema(rootId, byId, { unknownRef: 'throw' });
  const root = labelled(bundled.root) as Json;
  delete root.title; // the inspector shows the node type as its heading
  const definitions = labelled(bundled.definitions) as Json;
  return Object.keys(definitions).length ? { ...root, definitions } : root;
}

/** The uiSchema: labels for enum values, and options that keep the form compact. */
export function paramsUiSchema(schema: Json, locale: Locale): Json {
  const walk = (node: Json): Json => {
    const ui: Json = {};
    if (Array.isArray(node.enum)) {
      ui['ui:enumNames'] = Object.fromEntries(node.enum.map((v) => [String(v), pick(enumLabels[String(v)], locale) ?? String(v)]));
    }
    const props = node.properties as Record<string, Json> | undefined;
    if (props) for (const [k, v] of Object.entries(props)) {
      const child = walk(v);
      if (Object.keys(child).length) ui[k] = child;
    }
    // the assignee's kind is chosen with the option selector; its const field need not show
    const items = node.items as Json | undefined;
    if (items?.$ref === '#/definitions/FlowAssignee') ui.items = { kind: { 'ui:widget': 'hidden' } };
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      const child = walk(node.additionalProperties as Json);
      if (Object.keys(child).length) ui.additionalProperties = child;
    }
    return ui;
  };
  return { ...walk(schema), 'ui:submitButtonOptions': { norender: true } };
}
