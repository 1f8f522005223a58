import type {
  FlowCommand, FlowCommandOf, FlowDefinition, FlowEffect, FlowEnv, FlowEvent, FlowState, Json, Task, WantedTimer,
} from '../../../../rules/flow/index';
import { newFlowState, step } from '../../../../rules/flow/index';

/** What a person does in the simulator (the machine's commands, minus start and timers), or a clock move. */
export type SimCommand = Exclude<FlowCommand, FlowCommandOf<'start'> | FlowCommandOf<'timerFired'>>;

export type SimAction =
  | { kind: 'command'; command: SimCommand }
  /** Moves the virtual clock to `to` (ISO), firing every SLA or retry timer due on the way, earliest first. */
  | { kind: 'advance'; to: string };

export interface SimStart {
  initiator: string;
  variables: Record<string, Json>;
  /** The virtual clock at the start (ISO). */
  startAt: string;
}

/** One call of `step`, as the timeline shows it. */
export interface SimEntry {
  index: number;
  at: string;
  command: FlowCommand;
  events: FlowEvent[];
  /** What the server would do after committing: listed here, never performed. */
  effects: FlowEffect[];
}

export interface SimSession {
  readonly def: FlowDefinition;
  readonly start: SimStart;
  readonly state: FlowState;
  readonly now: string;
  readonly entries: readonly SimEntry[];
  /** The actions taken since the start, in order: the body of a scenario. */
  readonly actions: readonly SimAction[];
}

/** The end of a run, compared when a saved scenario is replayed. */
export interface SimOutcome {
  status: FlowState['status'];
  endNodeId: string | null;
  openTasks: { nodeId: string; assignee: string }[];
  openIncidents: { nodeId: string; code: string }[];
}

export const SIM_INSTANCE_ID = 'simulation';

function run(session: SimSession, env: FlowEnv, command: FlowCommand, at: string): SimSession {
  const result = step(session.def, session.state, command, at, env);
  if (result.state === session.state) return session;
  // The server stores the state as JSON: go through it so the simulation sees exactly what a reload would.
  const state = JSON.parse(JSON.stringify(result.state)) as FlowState;
  const entry: SimEntry = { index: session.entries.length, at, command, events: result.events, effects: result.effects };
  return { ...session, state, entries: [...session.entries, entry] };
}

/** Starts a simulated instance; throws the machine's AppError when the start is refused. */
export function startSession(def: FlowDefinition, env: FlowEnv, start: SimStart): SimSession {
  const empty: SimSession = {
    def, start, state: newFlowState(SIM_INSTANCE_ID, def.key, def.version ?? null), now: start.startAt, entries: [], actions: [],
  };
  return run(empty, env, { type: 'start', actor: start.initiator, idempotencyKey: 'simulation-start', variables: start.variables }, start.startAt);
}

export function nextTimer(state: FlowState): WantedTimer | undefined {
  // Stable: timers due at the same instant fire in the order they were wanted, as in the flow harness.
  return [...state.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
}

/** Fires every timer due by `to` at its own due time (earliest first), then sets the clock to `to`. */
function advance(session: SimSession, env: FlowEnv, to: string): SimSession {
  let s = session;
  for (let guard = 0; guard < 10_000; guard++) {
    const due = nextTimer(s.state);
    if (!due || Date.parse(due.dueAt) > Date.parse(to)) break;
    const at = Date.parse(due.dueAt) > Date.parse(s.now) ? due.dueAt : s.now;
    const next = run({ ...s, now: at }, env, { type: 'timerFired', timerId: due.id }, at);
    // A timer the machine ignores would come back forever: drop it from the wanted list as the server's job would finish.
    s = next.state === s.state ? { ...next, state: { ...s.state, timers: s.state.timers.filter((t) => t.id !== due.id) } } : next;
  }
  return Date.parse(to) > Date.parse(s.now) ? { ...s, now: to } : s;
}

/** Applies one action; throws the machine's AppError when the command is refused (the session is unchanged). */
export function applyAction(session: SimSession, env: FlowEnv, action: SimAction): SimSession {
  const next = action.kind === 'advance' ? advance(session, env, action.to) : run(session, env, action.command, session.now);
  return { ...next, actions: [...session.actions, action] };
}

export function openTasks(state: FlowState): Task[] {
  return state.tasks.filter((t) => t.status === 'PENDING');
}

export function outcomeOf(session: SimSession): SimOutcome {
  const ended = [...session.entries].reverse().flatMap((e) => e.events).find((e) => e.type === 'instanceEnded');
  return {
    status: session.state.status,
    endNodeId: ended?.type === 'instanceEnded' ? ended.data.nodeId : null,
    openTasks: openTasks(session.state).map((t) => ({ nodeId: t.nodeId, assignee: t.assignee })),
    openIncidents: session.state.incidents.filter((i) => i.status === 'OPEN').map((i) => ({ nodeId: i.nodeId, code: i.code })),
  };
}

export function sameOutcome(a: SimOutcome, b: SimOutcome): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Service calls waiting for an answer (the simulator plays the receiver: success or failure). */
export function waitingCalls(state: FlowState) {
  return state.calls.filter((c) => c.status === 'CALLING');
}

export function allEvents(session: SimSession): FlowEvent[] {
  return session.entries.flatMap((e) => e.events);
}
