import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createOrm } from '../../server/db/orm.js';

/**
 * Starting the app on the run's database (the embedded default without DATABASE_URL) once failed at
 * random: pg-boss's createQueue and the pool's first queries raced through one shared session.
 */
describe('the app on the run database', () => {
  it('starts 10 times in a row with pg-boss workers while other connections query, and never fails', { timeout: 300_000 }, async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const failures: string[] = [];
    for (let round = 0; round < 10; round++) {
      const orm = await createOrm(inject('databaseUrl'), 4);
      // Parallel traffic while pg-boss creates its queues and schedules on the same pool.
      const noise = Array.from({ length: 6 }, async (_, i) => {
        const c = new pg.Client({ connectionString: inject('databaseUrl') });
        await c.connect();
        try {
          for (let q = 0; q < 20; q++) {
            const { rows } = await c.query('select $1::int as round, $2::int as caller, $3::int as q', [round, i, q]);
            if (rows[0].round !== round || rows[0].caller !== i || rows[0].q !== q) failures.push(`round ${round} caller ${i}: ${JSON.stringify(rows)}`);
          }
        } finally {
          await c.end();
        }
      });
      try {
        const [app] = await Promise.all([
          buildApp({ orm, config, logger: false, workflows: { workers: true } }),
          ...noise,
          ...Array.from({ length: 4 }, (_, i) => orm.em.getConnection().execute('select ? as i', [i])),
        ]);
        const ready = await app.inject({ method: 'GET', url: '/ready' });
        if (ready.statusCode !== 200) failures.push(`round ${round}: /ready ${ready.statusCode} ${ready.body}`);
        await app.close();
      } catch (err) {
        failures.push(`round ${round}: ${(err as Error).stack ?? err}`);
      } finally {
        await orm.close(true);
      }
    }
    expect(failures).toEqual([]);
  });
});
