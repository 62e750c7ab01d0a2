import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openPostgres } from '../../src/platform/db/database.ts';
import { freePort } from './stress-processes.ts';

const run = promisify(execFile);

/** The newest PostgreSQL installed under /usr/lib/postgresql. */
function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

const asPostgres = (bin: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', path.join(binDir(), bin), ...args], { timeout: 120_000 });

/**
 * A PostgreSQL cluster of our own (initdb in a temporary directory, trust auth, a free loopback port),
 * so a test may stop and start it without touching the shared server other tests use.
 */
export class PrivatePostgres {
  readonly dir: string;
  readonly port: number;

  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.port = port;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-pg-'));
    // initdb refuses to run as root, and the postgres user must own the directory.
    const { uid, gid } = await idsOfPostgres();
    chownSync(dir, uid, gid);
    await asPostgres('initdb', [
      '-D',
      `${dir}/data`,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const cluster = new PrivatePostgres(dir, await freePort());
    await cluster.start();
    return cluster;
  }

  url(database = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start() {
    await asPostgres('pg_ctl', [
      '-D',
      `${this.dir}/data`,
      '-l',
      `${this.dir}/log`,
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  }

  /** Fast shutdown: open connections are cut, as in a crash or failover. */
  async stop() {
    await asPostgres('pg_ctl', ['-D', `${this.dir}/data`, '-m', 'fast', '-w', 'stop']);
  }

  /** A migrated database on this cluster. */
  async createDatabase(name: string): Promise<string> {
    const admin = await openPostgres(this.url(), { max: 1 });
    try {
      await admin.pool!.query(`create database "${name}"`);
    } finally {
      await admin.close();
    }
    const db = await openPostgres(this.url(name), { max: 1 });
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
    return this.url(name);
  }

  async destroy() {
    await this.stop().catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function idsOfPostgres() {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
