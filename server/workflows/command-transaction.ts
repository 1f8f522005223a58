import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { fromKysely } from 'pg-boss';

/** SQL with `?` placeholders and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** What pg-boss needs of a database to enqueue or remove jobs inside a caller's transaction. */
export interface JobDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The open transaction of one command. */
export interface CommandTransaction {
  query<T>(statement: Statement): Promise<T[]>;
  readonly jobs: JobDb;
  /** On the ORM path only: an entity manager on this transaction, for reads that must go through it. */
  readonly em?: EntityManager;
}

/** The body of a command: works with the rows of the first statement and names the last writes (sent with the commit). */
export type CommandBody<T> = (firstRows: unknown[], tx: CommandTransaction) => Promise<{ value: T; last: Statement | null }>;

/**
 * Runs one command as ONE transaction on ONE pooled connection, in as few round trips as the work
 * allows: `begin` travels with the first statement (the instance lock), the last writes travel with
 * `commit`, so a command without timers or webhooks is two round trips. Statements are sent as text
 * with their values quoted by the ORM's own formatter (as `em.execute` does), which is what lets
 * several statements share one message. Database errors come out as the ORM's exceptions.
 *
 * With `orm`, or when the entity manager is already inside a transaction (which it then keeps, as a
 * savepoint), the transaction is the ORM's: one round trip per statement, and `tx.em` is set.
 */
export async function inCommandTransaction<T>(em: EntityManager, first: Statement, body: CommandBody<T>, options: { orm?: boolean } = {}): Promise<T> {
  if (options.orm || em.isInTransaction()) return inOrmTransaction(em, first, body);
  const connection = em.getConnection() as PostgreSqlConnection;
  const pool = await connection.getNativeClient() as Pool;
  const text = (st: Statement) => em.getPlatform().formatQuery(st.sql, st.params);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const opened = await client.query(`begin; ${text(first)}`) as unknown as QueryResult[];
    const tx: CommandTransaction = {
      query: async <R>(st: Statement) => (await client.query(text(st))).rows as R[],
      jobs: { executeSql: (sql, values) => client.query(sql, values) },
    };
    const { value, last } = await body(opened[1].rows, tx);
    await client.query(last ? `${text(last)}; commit` : 'commit');
    return value;
  } catch (e) {
    await client.query('rollback').catch((err: Error) => { broken = err; });
    throw isDatabaseError(e) ? em.getDriver().convertException(e) : e;
  } finally {
    (client as PoolClient).release(broken);
  }
}

async function inOrmTransaction<T>(em: EntityManager, first: Statement, body: CommandBody<T>): Promise<T> {
  return em.transactional(async (tx) => {
    const query = <R>(st: Statement) => tx.execute<R[]>(st.sql, st.params);
    const rows = await query(first);
    const { value, last } = await body(rows, { query, jobs: fromKysely(tx.getKysely()), em: tx });
    if (last) await query(last);
    return value;
  });
}

/** An error the pg driver reports from the server (it carries a SQLSTATE code). */
function isDatabaseError(e: unknown): e is Error {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && 'severity' in e;
}
