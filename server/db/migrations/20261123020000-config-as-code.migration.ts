import { Migration } from '@mikro-orm/migrations';

/** Configuration as code: deployments, versioned forms/workflows/calendars, manifest settings and order, dealer custom fields. */
export class Migration20261123020000ConfigAsCode extends Migration {
  override name = 'Migration20261123020000ConfigAsCode';

  override up(): void {
    this.addSql(`alter table "tenant" add column "settings" json null;`);
    this.addSql(`alter table "region" add column "position" int not null default 0;`);
    this.addSql(`alter table "role" add column "position" int not null default 0;`);
    this.addSql(`alter table "dealer" add column "custom_fields" jsonb not null default '{}';`);
    this.addSql(`create table "config_document_version" ("id" uuid not null, "tenant_id" uuid not null, "kind" text not null, "key" varchar(64) not null, "version" int not null, "status" text not null default 'PUBLISHED', "document" json not null, "published_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "config_document_version_tenant_id_index" on "config_document_version" ("tenant_id");`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_tenant_id_kind_key_version_unique" unique ("tenant_id", "kind", "key", "version");`);
    this.addSql(`create unique index "config_document_version_one_published" on "config_document_version" ("tenant_id", "kind", "key") where "status" = 'PUBLISHED';`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_kind_check" check ("kind" in ('form', 'workflow', 'calendar'));`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_status_check" check ("status" in ('DRAFT', 'PUBLISHED', 'SUPERSEDED'));`);
    this.addSql(`create table "deployment" ("id" uuid not null, "tenant_id" uuid not null, "number" int not null, "kind" text not null, "rollback_of" int null, "message" varchar(500) null, "deployed_by_id" uuid null, "diff" jsonb not null, "files" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "deployment_tenant_id_index" on "deployment" ("tenant_id");`);
    this.addSql(`alter table "deployment" add constraint "deployment_tenant_id_number_unique" unique ("tenant_id", "number");`);
    this.addSql(`alter table "deployment" add constraint "deployment_kind_check" check ("kind" in ('DEPLOY', 'ROLLBACK'));`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "deployment" add constraint "deployment_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "deployment" add constraint "deployment_deployed_by_id_foreign" foreign key ("deployed_by_id") references "app_user" ("id") on delete set null;`);
  }
}
