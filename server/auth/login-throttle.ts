import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Config } from '../config.js';

export type ThrottlePolicy = Pick<Config, 'loginMaxFailures' | 'loginWindowMinutes'>;

/** The per-IP and per-account keys allow this many times the per-client limit. */
export const SHARED_LIMIT_FACTOR = 10;
/** An account + IP that logged in successfully within this many days is a known client. */
export const KNOWN_CLIENT_DAYS = 30;
/** The longest a key is ever made to wait. */
const MAX_DELAY_MS = 24 * 3_600_000;

export interface ThrottleKey {
  key: string;
  limit: number;
}

interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date | string | null;
  last_success_at: Date | string | null;
}

/**
 * The address a client is counted under: an IPv4 address as is (also when IPv4-mapped), an IPv6
 * address by its /64 network, since one host commonly holds a whole /64 and could rotate through it.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The keys one login attempt is counted under: its own client (account + IP), the IP and the account. */
export function throttleKeys(tenant: string, login: string, rawIp: string, policy: ThrottlePolicy) {
  const ip = clientNetwork(rawIp);
  const account = `${tenant.toLowerCase()}|${login.toLowerCase()}`;
  const shared = policy.loginMaxFailures * SHARED_LIMIT_FACTOR;
  return {
    client: { key: `ai:${account}|${ip}`, limit: policy.loginMaxFailures },
    ip: { key: `ip:${ip}`, limit: shared },
    account: { key: `ac:${account}`, limit: shared },
  };
}

/** How long after its last failure a key must wait: nothing under its limit, then window × 2^(failures − limit), at most a day. */
export function backoffMs(failures: number, limit: number, windowMs: number): number {
  if (failures < limit) return 0;
  return Math.min(windowMs * 2 ** Math.min(failures - limit, 20), MAX_DELAY_MS);
}

const time = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());

/** The failures a key still carries at `now`: a streak is forgotten after a quiet spell of twice its backoff (at least one window). */
export function currentStreak(failures: number, lastFailureAt: number | null, limit: number, windowMs: number, now: number): number {
  if (failures <= 0 || lastFailureAt === null) return 0;
  return now - lastFailureAt >= Math.max(windowMs, 2 * backoffMs(failures, limit, windowMs)) ? 0 : failures;
}

/** Milliseconds until the key may try again (0: now). */
export function waitMs(failures: number, lastFailureAt: number | null, limit: number, windowMs: number, now: number): number {
  const streak = currentStreak(failures, lastFailureAt, limit, windowMs, now);
  if (streak < limit || lastFailureAt === null) return 0;
  return Math.max(0, lastFailureAt + backoffMs(streak, limit, windowMs) - now);
}

export interface Reservation {
  clientKey: string;
  /** The keys this attempt was counted under (a known client is not counted under the shared ones). */
  counted: string[];
}

/**
 * Counts a login attempt BEFORE its password is checked, or refuses it with 429 + Retry-After.
 * The keys' rows are locked (in key order, so concurrent attempts cannot deadlock) in one short
 * transaction: however many attempts arrive at once, each sees the count the previous one left, so
 * no more than the limit of passwords is ever checked per key until the backoff has passed.
 * A known client (this account logged in from this IP before) is judged by its own key only, so
 * guesses from elsewhere, or from other accounts behind the same IP, do not lock it out.
 */
export async function reserveLoginAttempt(
  em: EntityManager,
  keys: ReturnType<typeof throttleKeys>,
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<Reservation> {
  const windowMs = policy.loginWindowMinutes * 60_000;
  const all: ThrottleKey[] = [keys.client, keys.ip, keys.account].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const t = now.getTime();
  return em.fork().transactional(async (tx) => {
    await tx.execute(
      `insert into login_throttle (key, failures) values ${all.map(() => '(?, 0)').join(', ')} on conflict (key) do nothing`,
      all.map((k) => k.key),
    );
    const rows = await tx.execute<ThrottleRow[]>(
      `select key, failures, last_failure_at, last_success_at from login_throttle where key in (${all.map(() => '?').join(', ')}) order by key collate "C" for update`,
      all.map((k) => k.key),
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const client = byKey.get(keys.client.key);
    const lastSuccess = client ? time(client.last_success_at) : null;
    const known = lastSuccess !== null && t - lastSuccess < KNOWN_CLIENT_DAYS * 86_400_000;
    const checked = known ? [keys.client] : all;

    let wait = 0;
    for (const k of checked) {
      const row = byKey.get(k.key)!;
      wait = Math.max(wait, waitMs(row.failures, time(row.last_failure_at), k.limit, windowMs, t));
    }
    if (wait > 0) throw new AppError('AUTH_ERR_LOGIN_THROTTLED', { retryAfterSeconds: Math.ceil(wait / 1000) });

    for (const k of checked) {
      const row = byKey.get(k.key)!;
      const streak = currentStreak(row.failures, time(row.last_failure_at), k.limit, windowMs, t);
      await tx.execute('update login_throttle set failures = ?, last_failure_at = ? where key = ?', [streak + 1, now, k.key]);
    }
    return { clientKey: keys.client.key, counted: checked.map((k) => k.key) };
  });
}

/**
 * The password was right: the client's own streak is cleared and the client becomes known; the shared
 * keys only take back this attempt (one good login must not wipe what an IP or an account has collected).
 */
export async function settleLoginSuccess(em: EntityManager, reservation: Reservation, now = new Date()): Promise<void> {
  const others = reservation.counted.filter((k) => k !== reservation.clientKey);
  await em.execute('update login_throttle set failures = 0, last_failure_at = null, last_success_at = ? where key = ?', [now, reservation.clientKey]);
  // One row per statement: no statement here holds two row locks, so it cannot deadlock with a reservation.
  for (const key of others) await em.execute('update login_throttle set failures = greatest(failures - 1, 0) where key = ?', [key]);
}
