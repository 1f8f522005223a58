import type { FlowDefinition, FlowEnv } from '../../../../rules/flow/index';
import { AppError } from '../../../../schemas/errors/app-error';
import type { SimAction, SimOutcome, SimSession, SimStart } from './sim-session';
import { applyAction, outcomeOf, sameOutcome, startSession } from './sim-session';

/** A saved run: start data, initiator and clock, the actions in order, and the outcome it ended in. */
export interface SimScenario {
  name: string;
  savedAt: string;
  /** The definition version it ran on (null: the draft). */
  definitionVersion: number | null;
  start: SimStart;
  actions: SimAction[];
  outcome: SimOutcome;
}

export interface ReplayResult {
  session: SimSession | null;
  outcome: SimOutcome | null;
  /** The replay ended where the scenario ended when it was saved. */
  same: boolean;
  /** The action the machine refused (-1: the start), with its error code. */
  failedAt?: { index: number; code: string; message: string };
}

export function toScenario(name: string, session: SimSession, savedAt: string): SimScenario {
  return {
    name, savedAt, definitionVersion: session.def.version ?? null, start: session.start, actions: [...session.actions], outcome: outcomeOf(session),
  };
}

function refusal(index: number, e: unknown): ReplayResult['failedAt'] {
  if (e instanceof AppError) return { index, code: e.code, message: e.message };
  return { index, code: 'SIM_ERR_UNEXPECTED', message: e instanceof Error ? e.message : String(e) };
}

/** Runs a scenario again from its start on the same pure machine; deterministic for the same definition and environment. */
export function replayScenario(def: FlowDefinition, env: FlowEnv, scenario: SimScenario): ReplayResult {
  let session: SimSession;
  try {
    session = startSession(def, env, scenario.start);
  } catch (e) {
    return { session: null, outcome: null, same: false, failedAt: refusal(-1, e) };
  }
  for (const [index, action] of scenario.actions.entries()) {
    try {
      session = applyAction(session, env, action);
    } catch (e) {
      return { session, outcome: outcomeOf(session), same: false, failedAt: refusal(index, e) };
    }
  }
  const outcome = outcomeOf(session);
  return { session, outcome, same: sameOutcome(outcome, scenario.outcome) };
}

type ScenarioStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Scenarios of one workflow of one tenant, kept in the browser's localStorage. */
export class ScenarioStore {
  constructor(private readonly storage: ScenarioStorage, readonly tenant: string, readonly workflowKey: string) {}

  get storageKey(): string {
    return `cf.sim.scenarios.${this.tenant}.${this.workflowKey}`;
  }

  list(): SimScenario[] {
    try {
      const parsed = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as SimScenario[]) : [];
    } catch {
      return [];
    }
  }

  /** Saves under its name, replacing a scenario of the same name. */
  save(scenario: SimScenario): SimScenario[] {
    const next = [...this.list().filter((s) => s.name !== scenario.name), scenario];
    this.storage.setItem(this.storageKey, JSON.stringify(next));
    return next;
  }

  remove(name: string): SimScenario[] {
    const next = this.list().filter((s) => s.name !== name);
    this.storage.setItem(this.storageKey, JSON.stringify(next));
    return next;
  }
}
