import { readFileSync } from 'node:fs';
import type { RegionNode, RuleSetDocument } from '../../../rules/index.js';
import type { FlowDefinition, WorkingCalendarDocument } from '../../../rules/flow/index.js';
import type { SimDealer, SimTenant, SimUser } from '../../../studio/src/simulator/session/sim-env.js';

const seed = new URL('../../../server/seed/', import.meta.url);
const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, seed), 'utf8')) as T;

interface DemoUser { login: string; displayName: string; manager?: string; systemRoles: string[]; dealer?: string; roles: { role: string; region?: string }[] }
interface DemoDealer extends Omit<SimDealer, 'customFields'> { customFields?: Record<string, unknown> }

export const acmeWorkflow = (key: string) => read<FlowDefinition>(`acme-chips/workflows/${key}.json`);
export const acmeRuleSet = (key: string) => read<RuleSetDocument>(`acme-chips/rule-sets/${key}.json`);

const ruleSetKeys = ['tiering', 'order-pricing', 'stepped-rebate', 'rebate-offset', 'order-approval-routing', 'warehouse-routing'];

/** acme-chips as the studio would load it over the API, with logins as user ids (like the flow harness). */
export function acmeTenant(): SimTenant {
  const demo = read<{ users: DemoUser[]; dealers: DemoDealer[] }>('demo/acme-chips.demo.json');
  const manifest = read<{ regions: RegionNode[] }>('acme-chips/tenant.json');
  const users: SimUser[] = demo.users.map((u) => ({
    id: u.login, login: u.login, displayName: u.displayName, systemRoles: u.systemRoles, dealerCode: u.dealer ?? null,
    roles: u.roles.map((r) => ({ role: r.role, region: r.region ?? null })), managerId: u.manager ?? null,
  }));
  return {
    users,
    dealers: demo.dealers,
    regions: manifest.regions.map((r) => ({ code: r.code, parent: r.parent })),
    calendars: [read<WorkingCalendarDocument>('acme-chips/calendars/cn-2025.json'), read<WorkingCalendarDocument>('acme-chips/calendars/cn-2026.json')],
    ruleSets: ruleSetKeys.map((key) => ({ key, version: 1, status: 'PUBLISHED', effectiveFrom: null, effectiveTo: null, document: acmeRuleSet(key) })),
  };
}

/** A Shanghai wall-clock time as an ISO instant: sh('2025-09-30 10:00'). */
export const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
