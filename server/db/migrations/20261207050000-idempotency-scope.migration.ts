import { Migration } from '@mikro-orm/migrations';

/**
 * An idempotency key is scoped to the caller and the workflow: unique per (tenant, initiator,
 * workflow key, key) instead of per tenant, so nobody can pre-claim a key another party will use
 * (a dealer starting an onboarding with another dealer's review or order-submit key). The
 * constraint is named explicitly: the name MikroORM derives from four columns is longer than
 * PostgreSQL's 63 characters.
 */
export class Migration20261207050000IdempotencyScope extends Migration {
  override name = 'Migration20261207050000IdempotencyScope';

  override up(): void {
    this.addSql(`alter table "workflow_instance" drop constraint "workflow_instance_tenant_id_idempotency_key_unique";`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_idempotency_scope_unique" unique ("tenant_id", "initiator_id", "definition_key", "idempotency_key");`);
  }

  override down(): void {
    this.addSql(`alter table "workflow_instance" drop constraint "workflow_instance_idempotency_scope_unique";`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_tenant_id_idempotency_key_unique" unique ("tenant_id", "idempotency_key");`);
  }
}
