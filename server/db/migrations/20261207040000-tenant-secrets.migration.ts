import { Migration } from '@mikro-orm/migrations';

/** Secrets of each tenant (webhook HMAC keys), sealed with AES-256-GCM; they replace the process-wide CF_WEBHOOK_SECRET_* variables. */
export class Migration20261207040000TenantSecrets extends Migration {
  override name = 'Migration20261207040000TenantSecrets';

  override up(): void {
    this.addSql(`create table "tenant_secret" ("id" uuid not null, "tenant_id" uuid not null, "name" varchar(64) not null, "sealed" text not null, "created_at" timestamptz not null, "created_by_id" uuid null, "updated_at" timestamptz not null, "updated_by_id" uuid null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "tenant_secret_tenant_id_index" on "tenant_secret" ("tenant_id");`);
    this.addSql(`alter table "tenant_secret" add constraint "tenant_secret_tenant_id_name_unique" unique ("tenant_id", "name");`);
    this.addSql(`alter table "tenant_secret" add constraint "tenant_secret_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "tenant_secret" add constraint "tenant_secret_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "tenant_secret" add constraint "tenant_secret_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on delete set null;`);
  }
}
