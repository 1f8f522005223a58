import { Migration } from '@mikro-orm/migrations';

/**
 * What an instance's start asked for: a hash of the workflow key, the business object and the
 * normalized request, so a replayed idempotency key is honoured only for the same request. Rows
 * started before keep null (their replays are checked on the workflow key and the initiator).
 */
export class Migration20261207010000StartFingerprint extends Migration {
  override name = 'Migration20261207010000StartFingerprint';

  override up(): void {
    this.addSql(`alter table "workflow_instance" add column "request_hash" varchar(64) null;`);
  }

  override down(): void {
    this.addSql(`alter table "workflow_instance" drop column "request_hash";`);
  }
}
