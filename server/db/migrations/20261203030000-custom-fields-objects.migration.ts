import { Migration } from '@mikro-orm/migrations';

const tables = ['dealer', 'product_category', 'product', 'warehouse', 'dealer_order', 'order_line', 'rebate_statement', 'diversion_case'];

/** Rows created without custom fields held the JSON string "{}" instead of an empty object. */
export class Migration20261203030000CustomFieldsObjects extends Migration {
  override name = 'Migration20261203030000CustomFieldsObjects';

  override up(): void {
    for (const table of tables) {
      this.addSql(`update "${table}" set "custom_fields" = '{}'::jsonb where jsonb_typeof("custom_fields") <> 'object';`);
    }
  }
}
