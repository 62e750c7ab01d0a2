import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-cli.ts';

const bin = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));

describe('tollgate serve (what npm start runs)', () => {
  it('starts in embedded mode, prints its URL and demo admin, answers /health, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tollgate-serve-'));
    const child = spawn(process.execPath, ['--experimental-strip-types', bin, 'serve'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: '0',
        STRIPE_EMULATOR_PORT: '0',
        LOG_LEVEL: 'warn',
      },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /running at (http:\/\/\S+)[\s\S]*Dev mailbox/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      expect(stdout).toMatch(/Demo admin: admin@example\.com \/ \S{16}/);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ success: true, data: { status: 'ok' } });
      const page = await fetch(url, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('<title>Tollgate</title>');

      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
