import { Migration } from '@mikro-orm/migrations';

/** Forms and workflow definitions authored through the API: one draft per key, who created and published it, an optimistic-lock column. */
export class Migration20261202010000DefinitionDrafts extends Migration {
  override name = 'Migration20261202010000DefinitionDrafts';

  override up(): void {
    this.addSql(`alter table "config_document_version" add column "created_by_id" uuid null, add column "published_by_id" uuid null, add column "row_version" int not null default 1;`);
    this.addSql(`create unique index "config_document_version_one_draft" on "config_document_version" ("tenant_id", "kind", "key") where "status" = 'DRAFT';`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`alter table "config_document_version" add constraint "config_document_version_published_by_id_foreign" foreign key ("published_by_id") references "app_user" ("id") on delete set null;`);
  }
}
