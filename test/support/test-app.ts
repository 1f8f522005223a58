import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp, type BuildAppOptions } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createOrm } from '../../server/db/orm.js';
import { TEST_PASSWORD } from './fixtures.js';

export interface TestApp {
  app: FastifyInstance;
  orm: MikroORM;
  config: Config;
  close(): Promise<void>;
}

/** The real app on the run's database, driven through `inject()` (workflow workers off unless asked). */
export async function createTestApp(overrides: Partial<Config> = {}, options: { workflows?: BuildAppOptions['workflows']; poolMax?: number } = {}): Promise<TestApp> {
  // The tests' own webhook receivers listen on 127.0.0.1: the address guard lets that one host through.
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }), ...overrides };
  const orm = await createOrm(inject('databaseUrl'), options.poolMax ?? 4);
  const app = await buildApp({ orm, config, logger: false, workflows: options.workflows });
  return {
    app,
    orm,
    config,
    async close() {
      await app.close();
      await orm.close(true);
    },
  };
}

export async function loginAs(app: FastifyInstance, tenant: string, login: string, password = TEST_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant, login, password } });
  if (res.statusCode !== 200) throw new Error(`login ${tenant}/${login} failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function json<T = any>(res: LightMyRequestResponse): T {
  return res.json() as T;
}
