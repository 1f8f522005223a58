import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Login throttling counters, in Postgres so every server process enforces the same limits. One row per
 * key: an account seen from one client IP (`ai:`), a client IP (`ip:`) or an account from anywhere
 * (`ac:`). Written before a tenant is known, so keyed by the typed tenant code and login.
 * `failures` counts the current streak (an attempt is counted before its password is checked);
 * `lastSuccessAt` on an `ai:` row makes that account + IP a known client.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttle',
  properties: {
    key: p.string().length(300).primary(),
    failures: p.integer().default(0),
    lastFailureAt: p.datetime().nullable(),
    lastSuccessAt: p.datetime().nullable(),
  },
});
export type LoginThrottle = InferEntity<typeof LoginThrottle>;
