import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { DefinitionKeyParams } from '../../schemas/api/workflow-definition-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { ConfigDocumentVersion } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';
import { listDefinitionKeys, listDefinitionVersions, toDefinitionVersionView } from './workflow-definition.service.js';
import { definitionReaders, registerAuthoringRoutes } from './workflow-definition.routes.js';
import { workflowErrors } from './workflow.routes.js';

/** Forms (the start form of a workflow): list, versions and the same authoring routes as workflow definitions. */
export async function formDefinitionRoutes(app: FastifyInstance): Promise<void> {
  const tags = ['forms'];
  app.get('/api/forms', {
    config: { roles: definitionReaders },
    schema: { tags, summary: 'Forms of the tenant / 表单列表', response: { 200: { type: 'array', items: { $ref: 'DefinitionListEntry#' } }, ...workflowErrors } },
  }, async (request) => listDefinitionKeys(requireUser(request.ctx), 'form'));

  app.get<{ Params: FromSchema<typeof DefinitionKeyParams> }>('/api/forms/:key/versions', {
    config: { roles: definitionReaders },
    schema: {
      tags, summary: 'Versions of a form / 表单版本', params: { $ref: 'DefinitionKeyParams#' },
      response: { 200: { type: 'array', items: { $ref: 'DefinitionVersionView#' } }, ...workflowErrors },
    },
  }, async (request) => listDefinitionVersions(requireUser(request.ctx), 'form', request.params.key));

  // Dealers fill the forms, so every user of the tenant reads a form's published version; drafts and history stay with staff.
  app.get<{ Params: FromSchema<typeof DefinitionKeyParams> }>('/api/forms/:key', {
    schema: { tags, summary: 'The published version of a form, to fill in / 已发布表单', params: { $ref: 'DefinitionKeyParams#' }, response: { 200: { $ref: 'DefinitionVersionView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const row = await ctx.em.findOne(ConfigDocumentVersion, { kind: 'form', key: request.params.key, status: 'PUBLISHED' });
    if (!row) throw new AppError('CF_ERR_NOT_FOUND');
    return toDefinitionVersionView(row);
  });

  registerAuthoringRoutes(app, { kind: 'form', base: '/api/forms', tags, createBody: 'FormDefinitionCreate', draftBody: 'FormDraftUpdate' });
}
