import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { dealerOwnedEntities, entities, tenantOwnedEntities } from '../entities/index.js';
import { migrationsList } from './migrations/index.js';
import { AppError } from '../../schemas/errors/app-error.js';

export const TENANT_FILTER = 'tenant';
export const DEALER_FILTER = 'dealer';

export function ormOptions(clientUrl: string, poolMax: number): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
    debug: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      tableName: 'cf_migrations',
    },
    filters: {
      // Fails closed: a query on a tenant-owned entity without a tenant id throws instead of reading everything.
      [TENANT_FILTER]: {
        name: TENANT_FILTER,
        entity: tenantOwnedEntities,
        default: true,
        args: false,
        cond: (args: { tenantId?: string } | undefined) => {
          if (!args?.tenantId) throw new AppError('TENANT_ERR_NO_TENANT');
          return { tenant: args.tenantId };
        },
      },
      // A dealer user sees only its own dealer's rows; staff (no dealer id) are not narrowed.
      [DEALER_FILTER]: {
        name: DEALER_FILTER,
        entity: dealerOwnedEntities,
        default: true,
        args: false,
        cond: (args: { dealerId?: string } | undefined, _type: unknown, _em: unknown, _options: unknown, entityName?: string) => {
          if (!args?.dealerId) return {};
          return entityName === 'Dealer' ? { id: args.dealerId } : { dealer: args.dealerId };
        },
      },
    },
  };
}

export async function createOrm(clientUrl: string, poolMax: number): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, poolMax));
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
