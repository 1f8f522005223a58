import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { compileRuleSet } from '../../../rules/index.js';
import type { CompiledRuleSet } from '../../../rules/index.js';
import type {
  DirectoryUser, FlowCommand, FlowDefinition, FlowEffect, FlowEnv, FlowEvent, FlowState, StepResult, Task, WorkingCalendarDocument,
} from '../../../rules/flow/index.js';
import { createFlowDirectory, createWorkingCalendar, newFlowState, step } from '../../../rules/flow/index.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { acmeRegions, acmeRuleSetKeys, loadAcmeRuleSet } from '../acme-fixtures.js';

const seed = fileURLToPath(new URL('../../../server/seed/', import.meta.url));

export function readSeed<T>(path: string): T {
  return JSON.parse(readFileSync(`${seed}${path}`, 'utf8')) as T;
}

/** An acme-chips bundle document: 'workflows/dealer-onboarding.json', 'calendars/cn-2025.json'. */
export function readStaged<T>(path: string): T {
  return readSeed<T>(`acme-chips/${path}`);
}

/** Managers are not part of the tenant bundle; the harness gives acme-chips a plausible chain. */
const managers: Record<string, string> = {
  'd05.buyer': 'd05.owner', 'd06.buyer': 'zhoutao', 'd01.buyer': 'wanglei',
  wanglei: 'zhoutao', chenjing: 'zhoutao', zhaoqiang: 'zhoutao', liuyang: 'zhoutao', sunli: 'wumin', zhoutao: 'zhenghua', wumin: 'zhenghua',
};

interface TenantUser { login: string; displayName: string; systemRoles: string[]; roles: { role: string; region?: string }[] }

/** The acme-chips people (server/seed/demo/acme-chips.demo.json) as a directory snapshot (plus optional extra users). */
export function acmeDirectory(extra: DirectoryUser[] = []) {
  const tenant = readSeed<{ users: TenantUser[] }>('demo/acme-chips.demo.json');
  const users: DirectoryUser[] = tenant.users.map((u) => ({ id: u.login, displayName: u.displayName, roles: u.roles, managerId: managers[u.login] ?? null }));
  return createFlowDirectory({
    users: [...users, ...extra],
    tenantAdmins: tenant.users.filter((u) => u.systemRoles.includes('TENANT_ADMIN')).map((u) => u.login),
  });
}

export function acmeCalendar() {
  return createWorkingCalendar([readStaged<WorkingCalendarDocument>('calendars/cn-2025.json'), readStaged<WorkingCalendarDocument>('calendars/cn-2026.json')]);
}

let compiled: Map<string, CompiledRuleSet> | undefined;

/** The six acme-chips rule sets, compiled once per test file, as the environment's rule evaluator. */
export function acmeRuleEvaluator(): FlowEnv['evaluateRule'] {
  compiled ??= new Map(acmeRuleSetKeys.map((k) => [k, compileRuleSet(loadAcmeRuleSet(k), { regions: acmeRegions })]));
  return (key, _version, inputs) => {
    const rs = compiled!.get(key);
    if (!rs) throw new AppError('RUL_ERR_INVALID_RULE_SET', { key });
    const r = rs.evaluate(inputs, { explain: true });
    return { outputs: r.outputs, trace: r.trace ?? [], version: r.version ?? null };
  };
}

export function acmeEnv(overrides: Partial<FlowEnv> = {}): FlowEnv {
  return { directory: acmeDirectory(), calendar: acmeCalendar(), evaluateRule: acmeRuleEvaluator(), regions: acmeRegions, ...overrides };
}

/** ISO instant of a Shanghai wall-clock time: sh('2025-09-30 10:00'). */
export function sh(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}

/**
 * Drives `step` command by command with a controllable clock. Every state goes through JSON and
 * back (it is stored as jsonb), and the input state is checked to be left untouched.
 */
export class FlowHarness {
  state: FlowState;
  now: string;
  readonly events: FlowEvent[] = [];
  readonly effects: FlowEffect[] = [];
  last: StepResult | undefined;

  constructor(readonly def: FlowDefinition, readonly env: FlowEnv = acmeEnv(), now = sh('2025-09-30 10:00')) {
    this.state = newFlowState('inst-1', def.key, def.version ?? 1);
    this.now = now;
  }

  run(command: FlowCommand): StepResult {
    const before = JSON.stringify(this.state);
    const result = step(this.def, this.state, command, this.now, this.env);
    expect(JSON.stringify(this.state)).toBe(before);
    const roundTrip = JSON.parse(JSON.stringify(result.state)) as FlowState;
    expect(roundTrip).toEqual(result.state);
    this.state = roundTrip;
    this.events.push(...result.events);
    this.effects.push(...result.effects);
    this.last = result;
    return result;
  }

  /** Runs a command that must be refused with `code`, and checks nothing changed. */
  refused(code: string, command: FlowCommand): void {
    const before = JSON.stringify(this.state);
    let error: unknown;
    try { step(this.def, this.state, command, this.now, this.env); } catch (e) { error = e; }
    expect(error, `expected ${code}`).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect(JSON.stringify(this.state)).toBe(before);
  }

  start(actor: string, variables: FlowState['variables'] = {}, idempotencyKey = 'key-1'): StepResult {
    return this.run({ type: 'start', actor, idempotencyKey, variables });
  }

  pending(): Task[] {
    return this.state.tasks.filter((t) => t.status === 'PENDING');
  }

  taskOf(user: string): Task {
    const task = this.pending().find((t) => t.assignee === user);
    expect(task, `a pending task for ${user}`).toBeDefined();
    return task!;
  }

  approve(user: string, comment?: string): StepResult {
    return this.run({ type: 'approve', actor: user, taskId: this.taskOf(user).id, ...(comment ? { comment } : {}) });
  }

  reject(user: string): StepResult {
    return this.run({ type: 'reject', actor: user, taskId: this.taskOf(user).id });
  }

  /** Moves the clock and fires every wanted timer that is due, earliest first. */
  advanceTo(local: string): void {
    this.now = sh(local);
    for (;;) {
      const due = [...this.state.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).find((t) => t.dueAt <= this.now);
      if (!due) return;
      const saved = this.now;
      this.now = due.dueAt;
      this.run({ type: 'timerFired', timerId: due.id });
      this.now = saved;
    }
  }

  eventTypes(): string[] {
    return this.events.map((e) => e.type);
  }
}

/** start → approval(params) → end APPROVED, with the rejected port to an end REJECTED. */
export function approvalFlow(params: Record<string, unknown>, variables: FlowDefinition['variables'] = []): FlowDefinition {
  return {
    key: 'test-approval', name: { zh: '测试', en: 'Test' }, variables,
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'approve', type: 'approval', params: params as never },
      { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
      { id: 'no', type: 'end', params: { outcome: 'REJECTED' } },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'approve' },
      { id: 'e2', from: 'approve', to: 'ok', port: 'approved' },
      { id: 'e3', from: 'approve', to: 'no', port: 'rejected' },
    ],
  };
}

/** start → first approval → second approval → end (for 退回 to an earlier node). */
export function twoStepFlow(first: Record<string, unknown>, second: Record<string, unknown>): FlowDefinition {
  return {
    key: 'test-two-steps', name: { zh: '两级审批', en: 'Two steps' }, variables: [],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'first', type: 'approval', params: first as never },
      { id: 'second', type: 'approval', params: second as never },
      { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'first' },
      { id: 'e2', from: 'first', to: 'second', port: 'approved' },
      { id: 'e3', from: 'second', to: 'ok', port: 'approved' },
    ],
  };
}
