import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import type { Locale } from '../../schemas/ajv.js';
import type { SystemRole } from '../../schemas/api/system-roles.js';

export interface AuthUser {
  id: string;
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  login: string;
  displayName: string;
  systemRoles: SystemRole[];
  roles: { code: string; regionCode: string | null }[];
  dealerId: string | null;
  locale: string | null;
  /** How the request authenticated, and the id of that session or API token. */
  via: 'session' | 'apiToken';
  credentialId: string;
}

/** What every service takes first: who asks, for which tenant, and the request's own entity manager. */
export interface RequestContext {
  tenantId: string | null;
  user: AuthUser | null;
  em: EntityManager;
  locale: Locale;
  requestId: string;
  log: FastifyBaseLogger;
}

/** A context whose user is known (every route that is not public). */
export interface AuthedContext extends RequestContext {
  tenantId: string;
  user: AuthUser;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** Reachable without credentials (login, health). */
    public?: boolean;
    /** The caller needs at least one of these system roles; otherwise 403. */
    roles?: readonly SystemRole[];
  }
}

export function requireUser(ctx: RequestContext): AuthedContext {
  if (!ctx.user || !ctx.tenantId) throw new Error('route reached without authentication');
  return ctx as AuthedContext;
}
