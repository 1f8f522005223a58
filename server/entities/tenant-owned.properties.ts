import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';
import { Tenant } from './tenant.entity.js';

/** The id and tenant every tenant-owned entity starts with (the tenant filter keys on `tenant`). */
export const tenantOwned = () => ({
  id: p.uuid().primary().onCreate(() => randomUUID()),
  tenant: () => p.manyToOne(Tenant).index(),
});

/** A master-data record named by a business code, unique within its tenant, in two languages. */
export const codedAndNamed = () => ({
  ...tenantOwned(),
  code: p.string().length(64),
  name: p.string().length(200),
  nameEn: p.string().length(200).nullable(),
});
