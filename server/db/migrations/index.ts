import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000Foundation } from './20261123000000-foundation.migration.js';

/** Applied in this order at start; checked in, never edited once released. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123000000Foundation', class: Migration20261123000000Foundation },
];
