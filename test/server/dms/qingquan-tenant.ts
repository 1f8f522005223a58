import type { MikroORM } from '@mikro-orm/postgresql';
import { createShippedCopy, type TenantCopy } from './dms-tenant.js';

/** The people the loop tests log in as (scrypt hashing every demo user costs seconds). */
export const qingquanLogins = ['songjia', 'qianwei', 'zhoumin', 'guojg', 'linxiao', 'xujing', 'q01.buyer', 'q04.buyer'] as const;

/**
 * A private copy of qingquan-beverage (bundle, dealers, people and the DMS records) under a fresh
 * code. Managers are kept among the people copied (the approvers' chain ends at the VP anyway).
 */
export function createQingquanCopy(orm: MikroORM, extraLogins: readonly string[] = []): Promise<TenantCopy> {
  return createShippedCopy(orm, 'qingquan-beverage', { prefix: 'qq', logins: new Set<string>([...qingquanLogins, ...extraLogins]), keepManagers: true });
}
