/** `npm run bench`: every benchmark in turn, each printing its figures and ratios to its own baseline. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benchmarks = [
  'bench/emulator/run.ts',
  'bench/gated-request.ts',
  'bench/webhook-ingest.ts',
  'bench/lifecycle-sweep.ts',
  'bench/start-to-healthy.ts',
];
const root = fileURLToPath(new URL('../', import.meta.url));
let failed = false;
for (const file of benchmarks) {
  console.log(`\n== ${file}`);
  try {
    execFileSync(process.execPath, ['--experimental-strip-types', file], { cwd: root, stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
