import { Migration } from '@mikro-orm/migrations';

/** Committed runs of workflow action nodes: one row per instance and call, the first result kept for retries. */
export class Migration20261203000000ActionRuns extends Migration {
  override name = 'Migration20261203000000ActionRuns';

  override up(): void {
    this.addSql(`create table "workflow_action_run" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "call_key" varchar(64) not null, "node_id" varchar(64) not null, "action" varchar(64) not null, "attempt" int not null, "inputs" jsonb not null, "result" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "workflow_action_run_tenant_id_index" on "workflow_action_run" ("tenant_id");`);
    this.addSql(`alter table "workflow_action_run" add constraint "workflow_action_run_tenant_id_instance_id_call_key_unique" unique ("tenant_id", "instance_id", "call_key");`);
    this.addSql(`alter table "workflow_action_run" add constraint "workflow_action_run_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_action_run" add constraint "workflow_action_run_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
  }
}
