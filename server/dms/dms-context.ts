import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../../schemas/ajv.js';
import type { CompiledRuleSetCache } from '../rule-sets/compiled-rule-set.cache.js';

/**
 * What the DMS services need: the entity manager (a request's, a transaction's or a job's) whose
 * tenant filter is set, the tenant, and optionally a cache of compiled rule sets. A request's
 * AuthedContext satisfies it; so does a workflow action's or the seed's.
 */
export interface DmsContext {
  em: EntityManager;
  tenantId: string;
  locale?: Locale;
  ruleCache?: CompiledRuleSetCache;
}
