/**
 * A Channelflow worker in a child process for the job-expiry test: the real app with the workflow
 * workers on the database named by CF_TEST_DATABASE_URL, with the job lease given as JSON in
 * CF_TEST_JOB_LEASE. Prints `ready` once its workers poll; the test SIGKILLs it mid-job.
 */
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createOrm } from '../../../server/db/orm.js';

const orm = await createOrm(process.env.CF_TEST_DATABASE_URL!, 3);
const app = await buildApp({
  orm, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false,
  workflows: { workers: true, pollingIntervalSeconds: 0.5, jobLease: JSON.parse(process.env.CF_TEST_JOB_LEASE ?? '{}') },
});
await app.ready();
process.stdout.write('ready\n');
