/**
 * A Channelflow server in a child process for the crash test: the real app with the workflow
 * workers, on the database named by CF_TEST_DATABASE_URL, listening on a free port of 127.0.0.1
 * (printed as `listening <port>`). The test kills it with SIGKILL and starts another.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createOrm } from '../../../server/db/orm.js';

const orm = await createOrm(process.env.CF_TEST_DATABASE_URL!, 3);
const app = await buildApp({ orm, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false, workflows: { workers: true } });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
