import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Started {
  child: ChildProcess;
  output(): string;
}

/** Spawns a Node process running TypeScript directly, keeping its output for error messages. */
export function spawnNode(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--experimental-strip-types', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Starts a Node process and resolves once its output matches `ready`. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
) {
  const started = spawnNode(args, env);
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(started.output())) {
    if (started.child.exitCode !== null) throw new Error(`exited: ${started.output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`not ready: ${started.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return started.child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
