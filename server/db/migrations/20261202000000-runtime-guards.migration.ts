import { Migration } from '@mikro-orm/migrations';

/** Line managers (manager chains), uploaded attachments kept in Postgres, and the unread-notification lookup. */
export class Migration20261202000000RuntimeGuards extends Migration {
  override name = 'Migration20261202000000RuntimeGuards';

  override up(): void {
    this.addSql(`alter table "app_user" add column "manager_id" uuid null;`);
    this.addSql(`create index "app_user_manager_id_index" on "app_user" ("manager_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_manager_id_foreign" foreign key ("manager_id") references "app_user" ("id") on delete set null;`);
    this.addSql(`create table "attachment" ("id" uuid not null, "tenant_id" uuid not null, "uploader_id" uuid not null, "filename" varchar(255) not null, "content_type" varchar(128) not null, "size" int not null, "sha256" varchar(64) not null, "content" bytea not null, "instance_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "attachment_tenant_id_index" on "attachment" ("tenant_id");`);
    this.addSql(`create index "attachment_tenant_id_uploader_id_index" on "attachment" ("tenant_id", "uploader_id");`);
    this.addSql(`create index "attachment_instance_id_index" on "attachment" ("instance_id");`);
    this.addSql(`alter table "attachment" add constraint "attachment_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "attachment" add constraint "attachment_uploader_id_foreign" foreign key ("uploader_id") references "app_user" ("id");`);
    this.addSql(`alter table "attachment" add constraint "attachment_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id") on delete set null;`);
  }
}
