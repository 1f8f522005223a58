import { Migration } from '@mikro-orm/migrations';

/**
 * One price model for every tenant (issue #14): an order line keeps its list price, the ordered
 * adjustments its pricing rule set gave (code, label, kind, rate, signed amount), the net unit price,
 * the line amount, the rule's whole line output (`outputs`) and whether it is a free-goods line; the
 * order keeps its order-level adjustments and the pricing outputs with the labels to show them. The
 * columns shaped after one tenant's rule set (tier × break rates, the cap flag, the unrounded
 * amount) go: what they held now lives in `outputs`, named and labelled by the rule set itself.
 * The net unit price widens to the scale a rule set may give.
 */
export class Migration20261208010000OrderPriceModel extends Migration {
  override name = 'Migration20261208010000OrderPriceModel';

  override up(): void {
    this.addSql(`alter table "order_line" drop column "tier_rate", drop column "break_rate", drop column "effective_discount_rate", drop column "cap_applied", drop column "exact_amount";`);
    this.addSql(`alter table "order_line" add column "free" boolean not null default false, add column "adjustments" jsonb not null default '[]', add column "outputs" jsonb not null default '{}';`);
    this.addSql(`alter table "order_line" alter column "net_unit_price" type numeric(30,12);`);
    this.addSql(`alter table "dealer_order" add column "adjustments" jsonb not null default '[]', add column "pricing" jsonb not null default '{}';`);
  }

  override down(): void {
    this.addSql(`alter table "dealer_order" drop column "adjustments", drop column "pricing";`);
    this.addSql(`alter table "order_line" alter column "net_unit_price" type numeric(18,4);`);
    this.addSql(`alter table "order_line" drop column "free", drop column "adjustments", drop column "outputs";`);
    this.addSql(`alter table "order_line" add column "tier_rate" numeric(9,6) not null default 0, add column "break_rate" numeric(9,6) not null default 0, add column "effective_discount_rate" numeric(9,6) not null default 0, add column "cap_applied" boolean not null default false, add column "exact_amount" numeric(30,12) not null default 0;`);
  }
}
