import { Migration } from '@mikro-orm/migrations';

/**
 * Rebate statements keep the rule set's lines (code, amount, label) instead of one column per
 * component of one policy; a statement posted before keeps its components as lines (the old
 * columns' names as codes) and its whole output in `outputs`. Tier changes get their own table so
 * a tier decided for a later day takes effect that day (dealer-tier.service.ts).
 */
export class Migration20261208020000StatementLinesAndTierChanges extends Migration {
  override name = 'Migration20261208020000StatementLinesAndTierChanges';

  override up(): void {
    this.addSql(`alter table "rebate_statement" add "lines" jsonb not null default '[]';`);
    this.addSql(`update "rebate_statement" set "lines" = jsonb_build_array(
      jsonb_build_object('code', 'base', 'amount', to_char("base", 'FM9999999999999990.00'), 'label', jsonb_build_object('zh', 'base', 'en', 'base')),
      jsonb_build_object('code', 'incremental', 'amount', to_char("incremental", 'FM9999999999999990.00'), 'label', jsonb_build_object('zh', 'incremental', 'en', 'incremental')),
      jsonb_build_object('code', 'special', 'amount', to_char("special", 'FM9999999999999990.00'), 'label', jsonb_build_object('zh', 'special', 'en', 'special')));`);
    this.addSql(`alter table "rebate_statement" drop column "basis", drop column "last_year_basis", drop column "base", drop column "incremental", drop column "special", drop column "forfeited";`);

    this.addSql(`create table "dealer_tier_change" ("id" uuid not null, "tenant_id" uuid not null, "dealer_id" uuid not null, "tier" varchar(32) not null, "previous_tier" varchar(32) not null, "effective_from" varchar(10) not null, "review_year" int null, "applied_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "dealer_tier_change_tenant_id_index" on "dealer_tier_change" ("tenant_id");`);
    this.addSql(`alter table "dealer_tier_change" add constraint "dealer_tier_change_dealer_id_effective_from_unique" unique ("dealer_id", "effective_from");`);
    this.addSql(`alter table "dealer_tier_change" add constraint "dealer_tier_change_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "dealer_tier_change" add constraint "dealer_tier_change_dealer_id_foreign" foreign key ("dealer_id") references "dealer" ("id");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "dealer_tier_change" cascade;`);
    this.addSql(`alter table "rebate_statement" add "basis" numeric(18,2) not null default 0, add "last_year_basis" numeric(18,2) not null default 0, add "base" numeric(18,2) not null default 0, add "incremental" numeric(18,2) not null default 0, add "special" numeric(18,2) not null default 0, add "forfeited" numeric(18,2) not null default 0;`);
    this.addSql(`alter table "rebate_statement" drop column "lines";`);
  }
}
