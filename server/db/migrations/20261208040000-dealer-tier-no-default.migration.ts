import { Migration } from '@mikro-orm/migrations';

/** A dealer's tier is a code of its tenant's tier dictionary: no platform default (it was a demo tier). */
export class Migration20261208040000DealerTierNoDefault extends Migration {
  override name = 'Migration20261208040000DealerTierNoDefault';

  override up(): void {
    this.addSql(`alter table "dealer" alter column "tier" drop default;`);
  }

  override down(): void {
    this.addSql(`alter table "dealer" alter column "tier" set default 'STANDARD';`);
  }
}
