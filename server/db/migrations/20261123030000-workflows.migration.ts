import { Migration } from '@mikro-orm/migrations';

/** The workflow runtime: instances (state as jsonb), task projection, timeline, CC, notifications, incidents, webhook outbox. */
export class Migration20261123030000Workflows extends Migration {
  override name = 'Migration20261123030000Workflows';

  override up(): void {
    this.addSql(`create table "workflow_instance" ("id" uuid not null, "tenant_id" uuid not null, "definition_key" varchar(64) not null, "definition_version" int not null, "status" text not null default 'NEW', "state" jsonb not null, "version" int not null default 0, "event_count" int not null default 0, "initiator_id" uuid not null, "dealer_id" uuid null, "idempotency_key" varchar(128) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "ended_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "workflow_instance_tenant_id_index" on "workflow_instance" ("tenant_id");`);
    this.addSql(`create index "workflow_instance_dealer_id_index" on "workflow_instance" ("dealer_id");`);
    this.addSql(`create index "workflow_instance_tenant_id_status_index" on "workflow_instance" ("tenant_id", "status");`);
    this.addSql(`create index "workflow_instance_tenant_id_initiator_id_index" on "workflow_instance" ("tenant_id", "initiator_id");`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_tenant_id_idempotency_key_unique" unique ("tenant_id", "idempotency_key");`);
    this.addSql(`create table "workflow_incident" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "incident_key" varchar(64) not null, "node_id" varchar(64) not null, "code" varchar(64) not null, "message" varchar(1000) not null, "status" text not null default 'OPEN', "created_at" timestamptz not null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "workflow_incident_tenant_id_index" on "workflow_incident" ("tenant_id");`);
    this.addSql(`create index "workflow_incident_tenant_id_status_index" on "workflow_incident" ("tenant_id", "status");`);
    this.addSql(`alter table "workflow_incident" add constraint "workflow_incident_instance_id_incident_key_unique" unique ("instance_id", "incident_key");`);
    this.addSql(`create table "workflow_event" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "sequence" int not null, "type" varchar(64) not null, "actor" varchar(64) not null, "at" timestamptz not null, "data" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "workflow_event_tenant_id_index" on "workflow_event" ("tenant_id");`);
    this.addSql(`alter table "workflow_event" add constraint "workflow_event_instance_id_sequence_unique" unique ("instance_id", "sequence");`);
    this.addSql(`create table "workflow_cc" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "user_id" uuid not null, "node_id" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "workflow_cc_tenant_id_index" on "workflow_cc" ("tenant_id");`);
    this.addSql(`create index "workflow_cc_tenant_id_user_id_index" on "workflow_cc" ("tenant_id", "user_id");`);
    this.addSql(`alter table "workflow_cc" add constraint "workflow_cc_instance_id_user_id_node_id_unique" unique ("instance_id", "user_id", "node_id");`);
    this.addSql(`create table "workflow_notification" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "user_id" uuid not null, "kind" varchar(32) not null, "task_key" varchar(64) null, "node_id" varchar(64) null, "created_at" timestamptz not null, "read_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "workflow_notification_tenant_id_index" on "workflow_notification" ("tenant_id");`);
    this.addSql(`create index "workflow_notification_tenant_id_user_id_index" on "workflow_notification" ("tenant_id", "user_id");`);
    this.addSql(`create table "workflow_outbox" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "call_key" varchar(64) not null, "node_id" varchar(64) not null, "attempt" int not null, "url" varchar(2000) not null, "method" varchar(8) not null, "secret_ref" varchar(128) not null, "body" jsonb not null, "idempotency_key" varchar(200) not null, "status" text not null default 'PENDING', "response_status" int null, "last_error" varchar(1000) null, "created_at" timestamptz not null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "workflow_outbox_tenant_id_index" on "workflow_outbox" ("tenant_id");`);
    this.addSql(`alter table "workflow_outbox" add constraint "workflow_outbox_tenant_id_idempotency_key_unique" unique ("tenant_id", "idempotency_key");`);
    this.addSql(`create table "workflow_task" ("id" uuid not null, "tenant_id" uuid not null, "instance_id" uuid not null, "task_key" varchar(64) not null, "node_id" varchar(64) not null, "assignee_id" uuid not null, "status" text not null, "due_at" timestamptz null, "created_at" timestamptz not null, "completed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "workflow_task_tenant_id_index" on "workflow_task" ("tenant_id");`);
    this.addSql(`create index "workflow_task_tenant_id_assignee_id_status_index" on "workflow_task" ("tenant_id", "assignee_id", "status");`);
    this.addSql(`alter table "workflow_task" add constraint "workflow_task_instance_id_task_key_unique" unique ("instance_id", "task_key");`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_initiator_id_foreign" foreign key ("initiator_id") references "app_user" ("id");`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_dealer_id_foreign" foreign key ("dealer_id") references "dealer" ("id") on delete set null;`);
    this.addSql(`alter table "workflow_instance" add constraint "workflow_instance_status_check" check ("status" in ('NEW', 'RUNNING', 'APPROVED', 'REJECTED', 'CANCELLED'));`);
    this.addSql(`alter table "workflow_incident" add constraint "workflow_incident_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_incident" add constraint "workflow_incident_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_incident" add constraint "workflow_incident_status_check" check ("status" in ('OPEN', 'RETRIED', 'SKIPPED'));`);
    this.addSql(`alter table "workflow_event" add constraint "workflow_event_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_event" add constraint "workflow_event_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_cc" add constraint "workflow_cc_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_cc" add constraint "workflow_cc_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_cc" add constraint "workflow_cc_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "workflow_notification" add constraint "workflow_notification_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_notification" add constraint "workflow_notification_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_notification" add constraint "workflow_notification_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`);
    this.addSql(`alter table "workflow_outbox" add constraint "workflow_outbox_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_outbox" add constraint "workflow_outbox_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_outbox" add constraint "workflow_outbox_status_check" check ("status" in ('PENDING', 'DELIVERED', 'FAILED'));`);
    this.addSql(`alter table "workflow_task" add constraint "workflow_task_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id");`);
    this.addSql(`alter table "workflow_task" add constraint "workflow_task_instance_id_foreign" foreign key ("instance_id") references "workflow_instance" ("id");`);
    this.addSql(`alter table "workflow_task" add constraint "workflow_task_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id");`);
    this.addSql(`alter table "workflow_task" add constraint "workflow_task_status_check" check ("status" in ('PENDING', 'WAITING', 'APPROVED', 'REJECTED', 'RETURNED', 'TRANSFERRED', 'CANCELLED'));`);
  }
}
