import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Failed logins, kept in Postgres so every server process sees the same count. Written before a
 * tenant is known (the tenant code may not even exist), so it is keyed by the typed tenant code.
 */
export const LoginAttempt = defineEntity({
  name: 'LoginAttempt',
  tableName: 'login_attempt',
  indexes: [{ properties: ['accountKey', 'attemptedAt'] }, { properties: ['ip', 'attemptedAt'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    accountKey: p.string().length(200),
    ip: p.string().length(64),
    attemptedAt: p.datetime().onCreate(() => new Date()),
  },
});
export type LoginAttempt = InferEntity<typeof LoginAttempt>;
