import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool, QueryResult } from 'pg';

/**
 * pg-boss's own SQL on the ORM's pool (no second pool per process). Its
 * maintenance sends several statements in one text without parameters and reads the rows of every
 * statement — the ORM's query path returns only the last one — so such a text goes to pg as a simple
 * query, which answers one result per statement. Jobs enqueued inside a command transaction use that
 * transaction's connection instead (`fromKysely(tx)`).
 */
export async function bossDatabase(orm: MikroORM): Promise<{ executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }> {
  const pool = (await orm.em.getConnection().getNativeClient()) as Pool;
  return {
    async executeSql(text, values) {
      const result = (await pool.query(text, values && values.length > 0 ? values : undefined)) as QueryResult | QueryResult[];
      return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows ?? []) : result.rows };
    },
  };
}
