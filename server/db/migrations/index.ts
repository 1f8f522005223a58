import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000Foundation } from './20261123000000-foundation.migration.js';
import { Migration20261123010000RuleSets } from './20261123010000-rule-sets.migration.js';
import { Migration20261123020000ConfigAsCode } from './20261123020000-config-as-code.migration.js';
import { Migration20261123030000Workflows } from './20261123030000-workflows.migration.js';
import { Migration20261202000000RuntimeGuards } from './20261202000000-runtime-guards.migration.js';
import { Migration20261202010000DefinitionDrafts } from './20261202010000-definition-drafts.migration.js';
import { Migration20261202020000DmsRecords } from './20261202020000-dms-records.migration.js';
import { Migration20261203000000ActionRuns } from './20261203000000-action-runs.migration.js';
import { Migration20261203020000SavedViews } from './20261203020000-saved-views.migration.js';
import { Migration20261203030000CustomFieldsObjects } from './20261203030000-custom-fields-objects.migration.js';
import { Migration20261207010000StartFingerprint } from './20261207010000-start-fingerprint.migration.js';
import { Migration20261207030000LoginThrottle } from './20261207030000-login-throttle.migration.js';
import { Migration20261207040000TenantSecrets } from './20261207040000-tenant-secrets.migration.js';
import { Migration20261207050000IdempotencyScope } from './20261207050000-idempotency-scope.migration.js';
import { Migration20261208010000OrderPriceModel } from './20261208010000-order-price-model.migration.js';
import { Migration20261208020000StatementLinesAndTierChanges } from './20261208020000-statement-lines-and-tier-changes.migration.js';
import { Migration20261208040000DealerTierNoDefault } from './20261208040000-dealer-tier-no-default.migration.js';

/** Applied in this order at start; checked in, never edited once released. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000Foundation', class: Migration20261123000000Foundation },
  { name: 'Migration20261123010000RuleSets', class: Migration20261123010000RuleSets },
  { name: 'Migration20261123020000ConfigAsCode', class: Migration20261123020000ConfigAsCode },
  { name: 'Migration20261123030000Workflows', class: Migration20261123030000Workflows },
  { name: 'Migration20261202000000RuntimeGuards', class: Migration20261202000000RuntimeGuards },
  { name: 'Migration20261202010000DefinitionDrafts', class: Migration20261202010000DefinitionDrafts },
  { name: 'Migration20261202020000DmsRecords', class: Migration20261202020000DmsRecords },
  { name: 'Migration20261203000000ActionRuns', class: Migration20261203000000ActionRuns },
  { name: 'Migration20261203020000SavedViews', class: Migration20261203020000SavedViews },
  { name: 'Migration20261203030000CustomFieldsObjects', class: Migration20261203030000CustomFieldsObjects },
  { name: 'Migration20261207010000StartFingerprint', class: Migration20261207010000StartFingerprint },
  { name: 'Migration20261207030000LoginThrottle', class: Migration20261207030000LoginThrottle },
  { name: 'Migration20261207040000TenantSecrets', class: Migration20261207040000TenantSecrets },
  { name: 'Migration20261207050000IdempotencyScope', class: Migration20261207050000IdempotencyScope },
  { name: 'Migration20261208010000OrderPriceModel', class: Migration20261208010000OrderPriceModel },
  { name: 'Migration20261208020000StatementLinesAndTierChanges', class: Migration20261208020000StatementLinesAndTierChanges },
  { name: 'Migration20261208040000DealerTierNoDefault', class: Migration20261208040000DealerTierNoDefault },
];
