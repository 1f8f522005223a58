/**
 * Before secrets belonged to tenants, `CF_WEBHOOK_SECRET_<NAME>` variables held one key per name
 * for every tenant at once (tenant B's webhook was signed with the key meant for tenant A's
 * receiver). They are no longer read. A server that still has them says so once at start, by
 * variable name only, with the way to move each value into the tenant it belongs to.
 */
export const GLOBAL_SECRET_PREFIX = 'CF_WEBHOOK_SECRET_';

export function warnOfGlobalSecretVariables(env: Record<string, string | undefined>, log: { warn(obj: object, msg: string): void }): string[] {
  const names = Object.keys(env).filter((n) => n.startsWith(GLOBAL_SECRET_PREFIX) && env[n]).sort();
  if (names.length) {
    log.warn({ variables: names },
      `${names.join(', ')} are no longer read: webhook secrets belong to a tenant. For each tenant that uses one, a deployer of that tenant runs ` +
      '`channelflow secrets set <name> --from-env <VARIABLE>` (or PUT /api/config/secrets/<name>); then remove the variable.');
  }
  return names;
}
