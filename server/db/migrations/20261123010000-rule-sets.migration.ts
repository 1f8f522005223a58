import { Migration } from '@mikro-orm/migrations';

/** Versioned rule sets: draft, published (immutable), superseded. */
export class Migration20261123010000RuleSets extends Migration {
  override name = 'Migration20261123010000RuleSets';

  override up(): void {
    this.addSql(`create table "rule_set_version" ("id" uuid not null, "tenant_id" uuid not null, "key" varchar(64) not null, "version" int not null, "status" text not null default 'DRAFT', "document" json not null, "effective_from" varchar(10) null, "effective_to" varchar(10) null, "created_by_id" uuid null, "published_by_id" uuid null, "published_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "row_version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "rule_set_version_tenant_id_index" on "rule_set_version" ("tenant_id");`);
    this.addSql(`create index "rule_set_version_tenant_id_key_status_index" on "rule_set_version" ("tenant_id", "key", "status");`);
    this.addSql(`alter table "rule_set_version" add constraint "rule_set_version_tenant_id_key_version_unique" unique ("tenant_id", "key", "version");`);
    this.addSql(`create unique index "rule_set_version_one_draft" on "rule_set_version" ("tenant_id", "key") where "status" = 'DRAFT';`);
    this.addSql(`create unique index "rule_set_version_one_published" on "rule_set_version" ("tenant_id", "key") where "status" = 'PUBLISHED';`);
    this.addSql(`alter table "rule_set_version" add constraint "rule_set_version_status_check" check ("status" in ('DRAFT', 'PUBLISHED', 'SUPERSEDED'));`);
    this.addSql(`alter table "rule_set_version" add constraint "rule_set_version_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "rule_set_version" add constraint "rule_set_version_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "rule_set_version" add constraint "rule_set_version_published_by_id_foreign" foreign key ("published_by_id") references "app_user" ("id") on delete set null;`);
  }
}
