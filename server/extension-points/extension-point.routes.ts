import type { FastifyInstance } from 'fastify';
import { extensionPoints } from '../../schemas/extension-points/registry.js';
import { ConfigDocumentVersion, RuleSetVersion, Tenant } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';

const errors = { 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' } };

/** The registry with this tenant's bindings: what the studio and IT read to see where the platform calls their rules. */
export async function extensionPointRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/extension-points', {
    config: { roles: ['TENANT_ADMIN', 'DEPLOYER'] },
    schema: {
      tags: ['config'],
      summary: 'Extension points, their contracts and what the tenant binds to each / 扩展点、约定及本租户的绑定',
      response: { 200: { $ref: 'ExtensionPointList#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const tenant = await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId });
    const bindings = tenant.settings?.extensionPoints ?? {};
    const [ruleSets, workflows] = await Promise.all([
      ctx.em.find(RuleSetVersion, { key: { $in: Object.values(bindings) }, status: 'PUBLISHED' }, { fields: ['key', 'version', 'document'] }),
      ctx.em.find(ConfigDocumentVersion, { kind: 'workflow', key: { $in: Object.values(bindings) }, status: 'PUBLISHED' }, { fields: ['key', 'version', 'document'] }),
    ]);
    return {
      points: extensionPoints.map((p) => {
        const key = bindings[p.key];
        const row = key ? (p.kind === 'ruleSet' ? ruleSets : workflows).find((r) => r.key === key) : undefined;
        const name = (row?.document as { name?: { zh: string; en: string } } | undefined)?.name ?? null;
        return { ...p, binding: key ? { key, name, published: row !== undefined, version: row?.version ?? null } : null };
      }),
    };
  });
}
