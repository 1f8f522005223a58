import type { FastifyInstance } from 'fastify';
import { allSchemas } from '../../schemas/index.js';
import { AppError } from '../../schemas/errors/app-error.js';

type Json = Record<string, unknown>;

const byId = new Map((allSchemas as Json[]).map((s) => [String(s.$id), s]));

/** `Name`, `Name#` or `Name#/pointer` → [Name, pointer]; null for refs inside the document. */
function splitRef(ref: string): [string, string] | null {
  if (ref.startsWith('#')) return null;
  const [id, pointer = ''] = ref.split('#');
  return byId.has(id) ? [id, pointer] : null;
}

/**
 * One schema made self-contained for editors (VS Code's `$schema`): every schema it references by
 * `$id` is copied under `definitions` and the references are rewritten to point there.
 */
export function standaloneSchema(rootId: string, baseUrl: string): Json {
  const needed = new Set<string>([rootId]);
  const queue = [rootId];
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$id') continue;
      if (k === '$ref' && typeof v === 'string') {
        const target = splitRef(v);
        if (target) {
          if (!needed.has(target[0])) {
            needed.add(target[0]);
            queue.push(target[0]);
          }
          out.$ref = target[0] === rootId ? `#${target[1]}` : `#/definitions/${target[0]}${target[1]}`;
          continue;
        }
      }
      out[k] = rewrite(v);
    }
    return out;
  };
  const rewritten = new Map<string, Json>();
  while (queue.length) {
    const id = queue.shift()!;
    rewritten.set(id, rewrite(byId.get(id)) as Json);
  }
  const root = rewritten.get(rootId)!;
  const definitions = Object.fromEntries([...rewritten].filter(([id]) => id !== rootId));
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
