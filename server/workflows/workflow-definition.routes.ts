import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { DefinitionKeyParams, DefinitionVersionParams } from '../../schemas/api/workflow-definition-api.schema.js';
import type { SystemRole } from '../../schemas/api/system-roles.js';
import { requireUser } from '../http/request-context.js';
import { applyMigration, dryRunMigration, type MigrationRequest } from './instance-migration.service.js';
import {
  createDefinition, discardDraft, getDefinitionVersion, listDefinitionKeys, publishDraft, saveDraft, toDefinitionVersionView, validateDocument, validateDraft,
  type DefinitionKind,
} from './workflow-definition.service.js';
import { workflowErrors } from './workflow.routes.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** Business admins author definitions; staff who read workflow versions may read forms and versions too. */
export const definitionAuthors: readonly SystemRole[] = ['TENANT_ADMIN'];
export const definitionReaders: readonly SystemRole[] = ['TENANT_ADMIN', 'DEPLOYER', 'APPROVER'];

type KeyParams = { Params: FromSchema<typeof DefinitionKeyParams> };
type DocumentBody = { document: Record<string, unknown>; rowVersion?: number };

export interface AuthoringSpec {
  kind: DefinitionKind;
  /** '/api/workflows' or '/api/forms'. */
  base: string;
  tags: string[];
  createBody: string;
  draftBody: string;
}

/**
 * The authoring routes of one kind of definition, shaped like the rule-set API: create (version 1,
 * draft), version detail, save and discard the draft (optimistic lock on `rowVersion`), validate
 * the draft or an unsaved document, publish (422 with every problem and its node when refused).
 */
export function registerAuthoringRoutes(app: FastifyInstance, spec: AuthoringSpec): void {
  const { kind, base, tags } = spec;
  const view = { $ref: 'DefinitionVersionView#' };

  app.post<{ Body: DocumentBody }>(base, {
    config: { roles: definitionAuthors },
    schema: { tags, summary: 'Create (version 1, draft) / 新建', body: { $ref: `${spec.createBody}#` }, response: { 201: view, ...workflowErrors } },
  }, async (request, reply) => reply.status(201).send(toDefinitionVersionView(await createDefinition(requireUser(request.ctx), kind, request.body.document))));

  app.get<{ Params: FromSchema<typeof DefinitionVersionParams> }>(`${base}/:key/versions/:version`, {
    config: { roles: definitionReaders },
    schema: { tags, summary: 'One version with its document / 版本详情', params: { $ref: 'DefinitionVersionParams#' }, response: { 200: view, ...workflowErrors } },
  }, async (request) => toDefinitionVersionView(await getDefinitionVersion(requireUser(request.ctx), kind, request.params.key, Number(request.params.version))));

  app.put<KeyParams & { Body: DocumentBody }>(`${base}/:key/draft`, {
    config: { roles: definitionAuthors },
    schema: {
      tags, summary: 'Save the draft (opens a new version after a published one) / 保存草稿',
      params: { $ref: 'DefinitionKeyParams#' }, body: { $ref: `${spec.draftBody}#` }, response: { 200: view, ...workflowErrors },
    },
  }, async (request) => toDefinitionVersionView(await saveDraft(requireUser(request.ctx), kind, request.params.key, request.body.document, request.body.rowVersion)));

  app.delete<KeyParams>(`${base}/:key/draft`, {
    config: { roles: definitionAuthors },
    schema: { tags, summary: 'Discard the draft / 放弃草稿', params: { $ref: 'DefinitionKeyParams#' }, response: { 204: { type: 'null' }, ...workflowErrors } },
  }, async (request, reply) => {
    await discardDraft(requireUser(request.ctx), kind, request.params.key);
    return reply.status(204).send();
  });

  app.post<KeyParams>(`${base}/:key/validate`, {
    config: { roles: definitionAuthors },
    schema: { tags, summary: 'Run the publish checks on the draft / 校验草稿', params: { $ref: 'DefinitionKeyParams#' }, response: { 200: { $ref: 'DefinitionValidationReport#' }, ...workflowErrors } },
  }, async (request) => validateDraft(requireUser(request.ctx), kind, request.params.key));

  app.post<{ Body: { document: Record<string, unknown> } }>(`${base}/validate-document`, {
    config: { roles: definitionAuthors },
    schema: {
      tags, summary: 'Run the publish checks on an unsaved document / 校验未保存的文档',
      body: { $ref: 'DefinitionDocumentCheck#' }, response: { 200: { $ref: 'DefinitionValidationReport#' }, ...workflowErrors },
    },
  }, async (request) => validateDocument(requireUser(request.ctx), kind, request.body.document));

  app.post<KeyParams>(`${base}/:key/publish`, {
    config: { roles: definitionAuthors },
    schema: { tags, summary: 'Publish the draft; refused while a check fails / 发布', params: { $ref: 'DefinitionKeyParams#' }, response: { 200: view, ...workflowErrors } },
  }, async (request) => toDefinitionVersionView(await publishDraft(requireUser(request.ctx), kind, request.params.key)));
}

/** Authoring of workflow definitions, and moving running instances from one version to another. */
export async function workflowDefinitionRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  const tags = ['workflow-definitions'];
  registerAuthoringRoutes(app, { kind: 'workflow', base: '/api/workflows', tags, createBody: 'WorkflowDefinitionCreate', draftBody: 'WorkflowDraftUpdate' });

  // GET /api/workflows lists what may be started (published only); authors also need the drafts
  app.get('/api/workflow-definitions', {
    config: { roles: definitionReaders },
    schema: { tags, summary: 'Every workflow key with its published and draft version / 流程列表（含草稿）', response: { 200: { type: 'array', items: { $ref: 'DefinitionListEntry#' } }, ...workflowErrors } },
  }, async (request) => listDefinitionKeys(requireUser(request.ctx), 'workflow'));

  const migration = (summary: string) => ({
    config: { roles: definitionAuthors },
    schema: {
      tags, summary, params: { $ref: 'DefinitionKeyParams#' }, body: { $ref: 'InstanceMigrationRequest#' },
      response: { 200: { $ref: 'InstanceMigrationReport#' }, ...workflowErrors },
    },
  });
  app.post<KeyParams & { Body: MigrationRequest }>('/api/workflows/:key/migrations/dry-run',
    migration('What moving running instances to another version would do / 迁移预演'),
    async (request) => dryRunMigration(requireUser(request.ctx), request.params.key, request.body));
  app.post<KeyParams & { Body: MigrationRequest }>('/api/workflows/:key/migrations',
    migration('Move running instances to another version (422 with the report if any is blocked, unless skipBlocked) / 实例迁移'),
    async (request) => applyMigration(runtime, requireUser(request.ctx), request.params.key, request.body));
}
