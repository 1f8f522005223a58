import type { RegionNode, TraceEntry } from '../index.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface DirectoryUser {
  id: string;
  displayName?: string;
  active?: boolean;
  /** Tenant roles; `region` for region-scoped roles (an area manager of one area). */
  roles: { role: string; region?: string | null }[];
  managerId?: string | null;
}

/** Who is who in the tenant, read synchronously (the server loads a snapshot per command). */
export interface FlowDirectory {
  findUser(id: string): DirectoryUser | undefined;
  /** Active holders of a role; with a region, holders for exactly that region or tenant-wide holders. */
  usersWithRole(role: string, region?: string | null): string[];
  managerOf(userId: string): string | undefined;
  tenantAdmins(): string[];
}

export interface RuleOutcome {
  outputs: Record<string, unknown>;
  trace: TraceEntry[];
  version: number | null;
}

/** Everything the machine may read besides the definition and the state. No I/O behind it. */
export interface FlowEnv {
  directory: FlowDirectory;
  calendar: WorkingCalendar;
  /** Evaluates a published rule set (the server passes compiled sets; throws an AppError on failure). */
  evaluateRule(key: string, version: number | undefined, inputs: Record<string, unknown>): RuleOutcome;
  /** The tenant's region tree, for the region operators of gateway conditions. */
  regions?: RegionNode[];
}
