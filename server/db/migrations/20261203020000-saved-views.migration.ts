import { Migration } from '@mikro-orm/migrations';

/** Saved views of the admin tables: a user's named filter, columns and sort, optionally shared with the tenant. */
export class Migration20261203020000SavedViews extends Migration {
  override name = 'Migration20261203020000SavedViews';

  override up(): void {
    this.addSql(`create table "saved_view" ("id" uuid not null, "tenant_id" uuid not null, "owner_id" uuid not null, "table_key" varchar(32) not null, "name" varchar(100) not null, "shared" boolean not null default false, "state" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "saved_view_tenant_id_index" on "saved_view" ("tenant_id");`);
    this.addSql(`create index "saved_view_tenant_id_table_key_index" on "saved_view" ("tenant_id", "table_key");`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_tenant_id_owner_id_table_key_name_unique" unique ("tenant_id", "owner_id", "table_key", "name");`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id");`);
  }
}
