import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type {
  RuleSetBatchRequest, RuleSetEvaluateRequest, RuleSetKeyParams, RuleSetVersionParams,
} from '../../schemas/api/rule-set-api.schema.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { CompiledRuleSetCache } from './compiled-rule-set.cache.js';
import { evaluateBatch } from './rule-set-batch.service.js';
import {
  compiledFor, createRuleSet, getVersion, listRuleSets, listVersions, publishDraft, resolveEvaluationVersion,
  saveDraft, shanghaiToday, toVersionView, validateDraft,
} from './rule-set.service.js';

const authors = ['TENANT_ADMIN'] as const;
/** Dealers never read rule sets; staff who route approvals or deploy may evaluate them. */
const evaluators = ['TENANT_ADMIN', 'APPROVER', 'DEPLOYER'] as const;
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' }, 422: { $ref: 'ErrorResponse#' },
};
const batchErrors = { ...errors, 413: { $ref: 'ErrorResponse#' } };
const tags = ['rule-sets'];
const asOfQuery = {
  type: 'object', additionalProperties: false,
  properties: { asOf: { type: 'string', format: 'date', description: 'Evaluate the version in effect on this date (Asia/Shanghai); default today' } },
} as const;

export async function ruleSetRoutes(app: FastifyInstance): Promise<void> {
  const cache = new CompiledRuleSetCache();
  const compiledInEffect = async (ctx: AuthedContext, key: string, version: number | undefined, asOf: string | undefined) => {
    const row = await resolveEvaluationVersion(ctx, key, version, asOf ?? shanghaiToday());
    return { row, ...(await compiledFor(ctx, cache, row)) };
  };

  app.get('/api/rule-sets', {
    config: { roles: authors },
    schema: {
      tags, summary: 'Rule sets of the tenant / 规则集列表',
      response: { 200: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'object', additionalProperties: { type: 'string' } }, published: { type: ['integer', 'null'] }, draft: { type: ['integer', 'null'] } } } }, ...errors },
    },
  }, async (request) => listRuleSets(requireUser(request.ctx)));

  app.post('/api/rule-sets', {
    config: { roles: authors },
    schema: { tags, summary: 'Create a rule set (version 1, draft) / 新建规则集', body: { $ref: 'RuleSet#' }, response: { 201: { $ref: 'RuleSetVersionView#' }, ...errors } },
  }, async (request, reply) => reply.status(201).send(toVersionView(await createRuleSet(requireUser(request.ctx), request.body), true)));

  app.get<{ Params: FromSchema<typeof RuleSetKeyParams> }>('/api/rule-sets/:key/versions', {
    config: { roles: authors },
    schema: { tags, summary: 'Versions of a rule set / 版本列表', params: { $ref: 'RuleSetKeyParams#' }, response: { 200: { type: 'array', items: { $ref: 'RuleSetVersionView#' } }, ...errors } },
  }, async (request) => listVersions(requireUser(request.ctx), request.params.key));

  app.get<{ Params: FromSchema<typeof RuleSetVersionParams> }>('/api/rule-sets/:key/versions/:version', {
    config: { roles: authors },
    schema: { tags, summary: 'One version with its document / 版本详情', params: { $ref: 'RuleSetVersionParams#' }, response: { 200: { $ref: 'RuleSetVersionView#' }, ...errors } },
  }, async (request) => toVersionView(await getVersion(requireUser(request.ctx), request.params.key, Number(request.params.version)), true));

  app.put<{ Params: FromSchema<typeof RuleSetKeyParams>; Body: { document: unknown; rowVersion?: number } }>('/api/rule-sets/:key/draft', {
    config: { roles: authors },
    schema: {
      tags, summary: 'Save the draft (opens a new version after a published one) / 保存草稿',
      params: { $ref: 'RuleSetKeyParams#' }, body: { $ref: 'RuleSetDraftUpdate#' }, response: { 200: { $ref: 'RuleSetVersionView#' }, ...errors },
    },
  }, async (request) => toVersionView(await saveDraft(requireUser(request.ctx), request.params.key, request.body.document, request.body.rowVersion), true));

  app.post<{ Params: FromSchema<typeof RuleSetKeyParams> }>('/api/rule-sets/:key/validate', {
    config: { roles: authors },
    schema: { tags, summary: 'Validate the draft and run its test cases / 校验草稿', params: { $ref: 'RuleSetKeyParams#' }, response: { 200: { $ref: 'RuleSetValidationReport#' }, ...errors } },
  }, async (request) => validateDraft(requireUser(request.ctx), request.params.key));

  app.post<{ Params: FromSchema<typeof RuleSetKeyParams> }>('/api/rule-sets/:key/publish', {
    config: { roles: authors },
    schema: { tags, summary: 'Publish the draft; refused while a test case fails / 发布', params: { $ref: 'RuleSetKeyParams#' }, response: { 200: { $ref: 'RuleSetVersionView#' }, ...errors } },
  }, async (request) => toVersionView(await publishDraft(requireUser(request.ctx), request.params.key)));

  app.post<{ Params: FromSchema<typeof RuleSetKeyParams>; Body: FromSchema<typeof RuleSetEvaluateRequest>; Querystring: FromSchema<typeof asOfQuery> }>('/api/rule-sets/:key/evaluate', {
    config: { roles: evaluators },
    schema: {
      tags, summary: 'Evaluate the version in effect (or a given one) / 执行规则',
      params: { $ref: 'RuleSetKeyParams#' }, querystring: asOfQuery, body: { $ref: 'RuleSetEvaluateRequest#' },
      response: { 200: { $ref: 'RuleSetEvaluation#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const { row, compiled } = await compiledInEffect(ctx, request.params.key, request.body.version, request.query.asOf);
    const result = compiled.evaluate(request.body.facts as Record<string, unknown>, { explain: request.body.explain === true });
    return { ...result, version: row.version };
  });

  app.post<{ Params: FromSchema<typeof RuleSetKeyParams>; Body: FromSchema<typeof RuleSetBatchRequest>; Querystring: FromSchema<typeof asOfQuery> }>('/api/rule-sets/:key/evaluate-batch', {
    config: { roles: evaluators },
    schema: {
      tags, summary: 'Evaluate many fact sets with one version / 批量执行',
      params: { $ref: 'RuleSetKeyParams#' }, querystring: asOfQuery, body: { $ref: 'RuleSetBatchRequest#' },
      response: { 200: { $ref: 'RuleSetBatchResult#' }, ...batchErrors },
    },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const { row, compiled, weight } = await compiledInEffect(ctx, request.params.key, request.body.version, request.query.asOf);
    // Serialised by the batch as it runs (in slices, within the size cap), so it goes out as it is.
    const body = await evaluateBatch(ctx, { key: row.key, version: row.version, compiled, weight }, request.body.factSets as Record<string, unknown>[], request.body.explain === true);
    return reply.type('application/json; charset=utf-8').send(body);
  });
}
