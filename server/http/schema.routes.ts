import type { FastifyInstance } from 'fastify';
import { bundleSchema } from '../../schemas/bundle-schema.js';
import { allSchemas } from '../../schemas/index.js';
import { AppError } from '../../schemas/errors/app-error.js';

type Json = Record<string, unknown>;

const byId = new Map((allSchemas as Json[]).map((s) => [String(s.$id), s]));

/**
 * One schema made self-contained for editors (VS Code's `$schema`): every schema it references by
 * `$id` is copied under `definitions` and the references are rewritten to point there.
 */
export function standaloneSchema(rootId: string, baseUrl: string): Json {
  const { root, definitions } = bundleSchema(rootId, byId);
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: `${baseUrl}/schemas/${rootId}.json`, ...root, ...(Object.keys(definitions).length ? { definitions } : {}) };
}

export async function schemaRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { name: string } }>('/schemas/:name', {
    schema: {
      tags: ['system'], summary: 'A JSON Schema by $id, self-contained, for editors (e.g. /schemas/RuleSet.json)',
      params: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', pattern: '^[A-Za-z0-9]+\\.json$' } } },
    },
  }, async (request, reply) => {
    const id = request.params.name.replace(/\.json$/, '');
    if (!byId.has(id)) throw new AppError('CF_ERR_NOT_FOUND');
    const baseUrl = `${request.protocol}://${request.host}`;
    return reply.type('application/schema+json; charset=utf-8').send(standaloneSchema(id, baseUrl));
  });
}
