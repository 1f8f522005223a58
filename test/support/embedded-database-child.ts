/** Starts the embedded database in the folder given, runs a query, stops: run as another OS user by database.test.ts. */
import pg from 'pg';
import { startEmbeddedDatabase } from '../../server/db/embedded-database.js';

const db = await startEmbeddedDatabase({ dataDir: process.argv[2] });
const client = new pg.Client(db.url);
await client.connect();
const { rows } = await client.query('select 1 as one');
await client.end();
await db.stop();
console.log(JSON.stringify({ uid: process.getuid?.(), one: rows[0].one }));
