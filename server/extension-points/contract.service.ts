import type { EntityManager } from '@mikro-orm/postgresql';
import {
  checkRoleCodes, checkRuleSetAgainstPoint, checkWorkflowAgainstPoint, pointsBoundTo, type ContractManifest, type ContractProblem,
} from '../../schemas/extension-points/contract-check.js';
import { Role, Tenant } from '../entities/index.js';

/** The parts of the deployed manifest the contract checks read: roles, dictionaries, custom fields, bindings. */
export async function deployedContractManifest(em: EntityManager, tenantId: string): Promise<ContractManifest> {
  const [tenant, roles] = await Promise.all([em.findOneOrFail(Tenant, { id: tenantId }), em.find(Role, {}, { fields: ['code'] })]);
  const settings = tenant.settings ?? {};
  return { roles: roles.map((r) => ({ code: r.code })), dictionaries: settings.dictionaries, customFields: settings.customFields, extensionPoints: settings.extensionPoints };
}

/**
 * What the studio's publish checks besides the document itself: the contract of every point the
 * tenant binds the document to, and the roles it names. The same checks as validate and deploy.
 */
export async function contractProblemsOf(em: EntityManager, tenantId: string, kind: 'ruleSet' | 'workflow', key: string, document: Record<string, unknown>): Promise<ContractProblem[]> {
  const manifest = await deployedContractManifest(em, tenantId);
  const problems: ContractProblem[] = [];
  for (const point of pointsBoundTo(manifest, kind, key)) {
    const found = kind === 'ruleSet' ? checkRuleSetAgainstPoint(point, document, manifest) : checkWorkflowAgainstPoint(point, document, manifest);
    problems.push(...found.map((p) => ({ ...p, message: `${point.key}: ${p.message}` })));
  }
  problems.push(...checkRoleCodes(document, manifest));
  return problems;
}
