/** `npm run bench`: every benchmark, one after another, each printing ratios against its own baseline. */
import { spawnSync } from 'node:child_process';

const benches = ['test/bench/rules.bench.ts', 'test/bench/rules-http.bench.ts', 'test/bench/deploy.bench.ts', 'test/bench/workflow.bench.ts'];
let failed = false;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
