import type { EntityManager } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import type { FlowDefinition, FlowDirectory, FlowState, Json } from '../../rules/flow/index.js';
import type { ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import { CompiledRuleSetCache } from '../rule-sets/compiled-rule-set.cache.js';
import { DEFAULT_JOB_LEASE, type JobLease } from './job-lease.js';
import type { Resolver, UrlPolicy } from '../http/url-guard.js';
import type { ActionIncidentPolicies } from './action-delivery.js';

/** pg-boss queues of the workflow runtime. */
export const TIMER_QUEUE = 'workflow-timer';
export const WEBHOOK_QUEUE = 'workflow-webhook';
export const ACTION_QUEUE = 'workflow-action';

/**
 * The engine's time. The machine reads `now()`; timer jobs are queued at `toRealTime(dueAt)`. In
 * production both are the wall clock; a test may run a flow's clock faster (an SLA of working
 * days then fires in seconds) without touching the machine.
 */
export interface RuntimeClock {
  now(): Date;
  toRealTime(engineTime: Date): Date;
}

export const wallClock: RuntimeClock = { now: () => new Date(), toRealTime: (d) => d };

/** What an action handler works with: the job's transaction (tenant filter set), the tenant and the rule-set cache. */
export interface ActionContext { em: EntityManager; tenantId: string; ruleCache: CompiledRuleSetCache }

/** One attempt of an action node as its handler sees it. */
export interface ActionRunInput {
  instanceId: string; callId: string; nodeId: string; attempt: number;
  /** Stable for every attempt of the call: handlers key their own postings on it (a ledger's operation key). */
  idempotencyKey: string;
  inputs: Record<string, Json>;
  /** The Asia/Shanghai date of the engine clock. */
  asOf: string;
  now: Date;
}

/** Performs one action in the caller's transaction and returns its result (JSON), or throws (an AppError is a refusal, anything else is retried). */
export type ActionHandler = (ctx: ActionContext, run: ActionRunInput) => Promise<Json>;
export type ActionHandlers = { readonly [K in ActionNodeTypeId]: ActionHandler };

/** Runs inside the command's transaction when an instance of one of `definitionKeys` ends (the records it belongs to follow). */
export interface InstanceEndHook {
  definitionKeys: ReadonlySet<string>;
  /** `now` is the engine's time of the end. */
  onEnded(ctx: { em: EntityManager; tenantId: string }, instanceId: string, state: FlowState, now: Date): Promise<void>;
}

/** Where a service node may call out: the server's address policy (an allow-list of hosts) and, in tests, a resolver. */
export interface WebhookGuard { policy: UrlPolicy; resolve?: Resolver }

/**
 * What a module built on the engine brings to it (the DMS: the handlers of its action node types,
 * what retry or skip means for their incidents, and the records following an instance's end).
 */
export interface WorkflowExtension {
  name: string;
  actionHandlers?: ActionHandlers;
  incidentPolicies?: ActionIncidentPolicies;
  endHooks?: readonly InstanceEndHook[];
}

/** Everything the runtime is built from, once. */
export interface WorkflowRuntimeOptions {
  boss: PgBoss;
  /** The key the tenants' secrets are sealed with (SECRETS_KEY); a service node's `secretRef` names a secret of the instance's own tenant. */
  secretsKey?: Buffer | null;
  clock?: RuntimeClock;
  /** How long a job stays with the worker that took it; queues created beside the runtime's take it too. */
  lease?: JobLease;
  /** Without one a service node may call no private or loopback address. */
  webhookGuard?: WebhookGuard;
  extensions?: readonly WorkflowExtension[];
}

export interface PinnedDefinition {
  key: string;
  version: number;
}

/**
 * What the engine needs besides a request's ctx: the job queue and per-process caches of immutable
 * things (published definitions, compiled rule sets). One per app, never a module global; any
 * process can rebuild it, so several servers share nothing but Postgres.
 */
export class WorkflowRuntime {
  readonly rules = new CompiledRuleSetCache();
  private readonly definitions = new Map<string, FlowDefinition>();
  private readonly snapshots = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly directories = new Map<string, { stamp: string; value: Promise<FlowDirectory> }>();
  private readonly pins = new Map<string, PinnedDefinition>();
  readonly boss: PgBoss;
  readonly secretsKey: Buffer | null;
  readonly time: RuntimeClock;
  readonly lease: JobLease;
  readonly webhookGuard: WebhookGuard;
  /** The handlers of action nodes (an extension's); without them an action job fails and is retried. */
  readonly actionHandlers?: ActionHandlers;
  /** What retry, skip and other resolutions mean for each action node type's incidents (beside the handlers). */
  readonly incidentPolicies?: ActionIncidentPolicies;
  readonly endHooks: readonly InstanceEndHook[];

  constructor(options: WorkflowRuntimeOptions) {
    this.boss = options.boss;
    this.secretsKey = options.secretsKey ?? null;
    this.time = options.clock ?? wallClock;
    this.lease = options.lease ?? DEFAULT_JOB_LEASE;
    this.webhookGuard = options.webhookGuard ?? { policy: { allowHosts: [] } };
    const extensions = options.extensions ?? [];
    const handlers = extensions.filter((e) => e.actionHandlers);
    if (handlers.length > 1) throw new Error(`action handlers from ${handlers.map((e) => e.name).join(' and ')}: one extension owns the action nodes`);
    this.actionHandlers = handlers[0]?.actionHandlers;
    this.incidentPolicies = handlers[0]?.incidentPolicies;
    this.endHooks = extensions.flatMap((e) => e.endHooks ?? []);
  }

  /** Commands on these instances go through the entity manager: their end hook (or action results) touch records with it. */
  needsEntityManager(def: FlowDefinition): boolean {
    return this.endHooks.some((h) => h.definitionKeys.has(def.key));
  }

  clock(): Date {
    return this.time.now();
  }

  /** A value read from the database that may be up to `ttlMs` old (calendars and regions change only by a deploy). */
  cached<T>(id: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const hit = this.snapshots.get(id);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.snapshots.set(id, { at: Date.now(), value });
    value.catch(() => this.snapshots.delete(id));
    return value;
  }

  /** The tenant's directory while its stamp (a checksum of users and role holdings, read under the lock) is unchanged. */
  cachedDirectory(tenantId: string, stamp: string, load: () => Promise<FlowDirectory>): Promise<FlowDirectory> {
    const hit = this.directories.get(tenantId);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = load();
    this.directories.set(tenantId, { stamp, value });
    value.catch(() => this.directories.delete(tenantId));
    return value;
  }

  /** The stamp of the tenant's cached directory, if one is cached. */
  directoryStamp(tenantId: string): string | undefined {
    return this.directories.get(tenantId)?.stamp;
  }

  /**
   * The definition version an instance was last seen pinned to. Only a hint for loading things
   * before the instance's transaction opens: the command checks it against the locked row.
   */
  pinnedDefinition(instanceId: string): PinnedDefinition | undefined {
    return this.pins.get(instanceId);
  }

  rememberPin(instanceId: string, pin: PinnedDefinition): void {
    if (this.pins.size >= 10_000) this.pins.delete(this.pins.keys().next().value!);
    this.pins.set(instanceId, pin);
  }

  cachedDefinition(tenantId: string, key: string, version: number, load: () => Promise<FlowDefinition>): Promise<FlowDefinition> | FlowDefinition {
    const id = `${tenantId}/${key}/${version}`;
    const hit = this.definitions.get(id);
    if (hit) return hit;
    return load().then((def) => {
      if (this.definitions.size > 1000) this.definitions.delete(this.definitions.keys().next().value!);
      this.definitions.set(id, def);
      return def;
    });
  }
}
