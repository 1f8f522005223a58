import { Migration } from '@mikro-orm/migrations';

/** Tenants, regions, dealers, users, tenant roles, sessions, API tokens, login throttling. */
export class Migration20261123000000Foundation extends Migration {
  override name = 'Migration20261123000000Foundation';

  override up(): void {
    this.addSql(`create table "login_attempt" ("id" uuid not null, "account_key" varchar(200) not null, "ip" varchar(64) not null, "attempted_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "login_attempt_account_key_attempted_at_index" on "login_attempt" ("account_key", "attempted_at");`);
    this.addSql(`create index "login_attempt_ip_attempted_at_index" on "login_attempt" ("ip", "attempted_at");`);
    this.addSql(`create table "tenant" ("id" uuid not null, "code" varchar(64) not null, "name" varchar(200) not null, "name_en" varchar(200) null, "status" text not null default 'ACTIVE', "locale" varchar(16) not null default 'zh-CN', "currency" varchar(3) not null default 'CNY', "is_platform" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`alter table "tenant" add constraint "tenant_code_unique" unique ("code");`);
    this.addSql(`alter table "tenant" add constraint "tenant_status_check" check ("status" in ('ACTIVE', 'SUSPENDED'));`);
    this.addSql(`create table "role" ("id" uuid not null, "tenant_id" uuid not null, "code" varchar(64) not null, "name" varchar(200) not null, "name_en" varchar(200) null, "scope" text not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "role_tenant_id_index" on "role" ("tenant_id");`);
    this.addSql(`alter table "role" add constraint "role_tenant_id_code_unique" unique ("tenant_id", "code");`);
    this.addSql(`alter table "role" add constraint "role_scope_check" check ("scope" in ('TENANT', 'REGION', 'DEALER'));`);
    this.addSql(`create table "region" ("id" uuid not null, "tenant_id" uuid not null, "code" varchar(64) not null, "name" varchar(200) not null, "name_en" varchar(200) null, "parent_code" varchar(64) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "region_tenant_id_index" on "region" ("tenant_id");`);
    this.addSql(`alter table "region" add constraint "region_tenant_id_code_unique" unique ("tenant_id", "code");`);
    this.addSql(`create table "dealer" ("id" uuid not null, "tenant_id" uuid not null, "code" varchar(64) not null, "name" varchar(200) not null, "name_en" varchar(200) null, "home_region" varchar(64) not null, "authorized_regions" text[] not null default '{}', "status" text not null default 'ACTIVE', "tier" varchar(32) not null default 'STANDARD', "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "dealer_tenant_id_index" on "dealer" ("tenant_id");`);
    this.addSql(`alter table "dealer" add constraint "dealer_tenant_id_code_unique" unique ("tenant_id", "code");`);
    this.addSql(`alter table "dealer" add constraint "dealer_status_check" check ("status" in ('PENDING_ONBOARDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED'));`);
    this.addSql(`create table "app_user" ("id" uuid not null, "tenant_id" uuid not null, "login" varchar(64) not null, "display_name" varchar(200) not null, "email" varchar(254) null, "password_hash" varchar(255) not null, "system_roles" text[] not null default '{}', "dealer_id" uuid null, "status" text not null default 'ACTIVE', "locale" varchar(16) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "app_user_tenant_id_index" on "app_user" ("tenant_id");`);
    this.addSql(`create index "app_user_dealer_id_index" on "app_user" ("dealer_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_tenant_id_login_unique" unique ("tenant_id", "login");`);
    this.addSql(`alter table "app_user" add constraint "app_user_status_check" check ("status" in ('ACTIVE', 'DISABLED'));`);
    this.addSql(`create table "session" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, "user_agent" varchar(512) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "session_tenant_id_index" on "session" ("tenant_id");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create table "api_token" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "name" varchar(200) not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "api_token_tenant_id_index" on "api_token" ("tenant_id");`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create table "user_role" ("id" uuid not null, "tenant_id" uuid not null, "user_id" uuid not null, "role_id" uuid not null, "region_code" varchar(64) null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "user_role_tenant_id_index" on "user_role" ("tenant_id");`);
    this.addSql(`create index "user_role_user_id_index" on "user_role" ("user_id");`);
    this.addSql(`alter table "user_role" add constraint "user_role_user_id_role_id_region_code_unique" unique nulls not distinct ("user_id", "role_id", "region_code");`);
    this.addSql(`alter table "role" add constraint "role_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "region" add constraint "region_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "dealer" add constraint "dealer_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_dealer_id_foreign" foreign key ("dealer_id") references "dealer" ("id") on delete set null;`);
    this.addSql(`alter table "session" add constraint "session_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "user_role" add constraint "user_role_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "user_role" add constraint "user_role_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "user_role" add constraint "user_role_role_id_foreign" foreign key ("role_id") references "role" ("id");`);
  }
}
