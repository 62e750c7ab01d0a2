import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';
import { repoRoot } from '../support/run-cli.ts';

describe('tollgate worker', () => {
  it('starts, and on SIGTERM stops its queues and exits 0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tollgate-worker-'));
    const pg = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const child = spawn(process.execPath, ['--experimental-strip-types', 'bin/tollgate.js', 'worker'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        ...(pg ? { DATABASE_URL: pg.url! } : {}),
      },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const deadline = Date.now() + 30_000;
      while (!output.includes('worker started')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`worker did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('worker stopping');
    } finally {
      child.kill('SIGKILL');
      await pg?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
