import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RegionNode, RuleSetDocument } from '../../rules/index.js';

const dir = fileURLToPath(new URL('../../server/seed/acme-chips/rule-sets/', import.meta.url));

export const acmeRuleSetKeys = ['tiering', 'order-pricing', 'stepped-rebate', 'rebate-offset', 'order-approval-routing', 'warehouse-routing'] as const;

export function loadAcmeRuleSet(key: (typeof acmeRuleSetKeys)[number]): RuleSetDocument {
  return JSON.parse(readFileSync(`${dir}${key}.json`, 'utf8')) as RuleSetDocument;
}

/** Section 3 of acme-chips.md. */
export const acmeRegions: RegionNode[] = [
  { code: 'CN', parent: null },
  { code: 'R-EAST', parent: 'CN' }, { code: 'EAST-SH', parent: 'R-EAST' }, { code: 'EAST-JS', parent: 'R-EAST' }, { code: 'EAST-ZJ', parent: 'R-EAST' },
  { code: 'R-SOUTH', parent: 'CN' }, { code: 'SOUTH-SZ', parent: 'R-SOUTH' }, { code: 'SOUTH-GZ', parent: 'R-SOUTH' }, { code: 'SOUTH-FJ', parent: 'R-SOUTH' },
  { code: 'R-NORTH', parent: 'CN' }, { code: 'NORTH-BJ', parent: 'R-NORTH' }, { code: 'NORTH-TJ', parent: 'R-NORTH' }, { code: 'NORTH-SD', parent: 'R-NORTH' },
];
