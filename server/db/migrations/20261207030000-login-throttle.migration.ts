import { Migration } from '@mikro-orm/migrations';

/** Login throttling counted before the password is checked, per account + IP, per IP and per account (login_attempt stays as the log of failures). */
export class Migration20261207030000LoginThrottle extends Migration {
  override name = 'Migration20261207030000LoginThrottle';

  override up(): void {
    this.addSql(`create table "login_throttle" ("key" varchar(300) not null, "failures" int not null default 0, "last_failure_at" timestamptz null, "last_success_at" timestamptz null, primary key ("key"));`);
  }
}
