import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tollgate …` as a real process, the way an operator does. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', bin, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface CliEnvironment {
  env: Record<string, string>;
  dataDir: string;
  /** The PostgreSQL database the commands use when DATABASE_URL is set (else PGlite in dataDir). */
  pgDatabase: TestDatabase | undefined;
  close(): Promise<void>;
}

/** A fresh data directory, and a fresh PostgreSQL database when the suite runs on PostgreSQL. */
export async function cliEnvironment(name: string): Promise<CliEnvironment> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `tollgate-${name}-`));
  const pgDatabase = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  return {
    env: { DATA_DIR: dataDir, ...(pgDatabase ? { DATABASE_URL: pgDatabase.url! } : {}) },
    dataDir,
    pgDatabase,
    async close() {
      await pgDatabase?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
