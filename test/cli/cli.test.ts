import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/platform/db/schema/index.ts';
import { openPglite } from '../../src/platform/db/database.ts';
import { verifyPassword } from '../../src/accounts/passwords.ts';
import { cliEnvironment, runCli, type CliEnvironment } from '../support/run-cli.ts';

let cli: CliEnvironment;
let env: Record<string, string>;

beforeAll(async () => {
  cli = await cliEnvironment('cli');
  env = cli.env;
});
afterAll(() => cli.close());

async function findUser(email: string) {
  if (cli.pgDatabase) return (await cli.pgDatabase.db.select().from(users).where(eq(users.email, email)))[0];
  const database = await openPglite(path.join(cli.dataDir, 'pglite'));
  try {
    return (await database.db.select().from(users).where(eq(users.email, email)))[0];
  } finally {
    await database.close();
  }
}

describe('tollgate CLI', () => {
  it('--help lists the commands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'users']) expect(result.stdout).toContain(command);
    const users = await runCli(['users', '--help']);
    expect(users.stdout).toContain('create-admin');
  });

  it('migrate applies migrations and says so (--json too)', async () => {
    const human = await runCli(['migrate'], env);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Migrations applied/);
    const json = await runCli(['migrate', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, database: cli.pgDatabase ? 'postgres' : 'pglite' });
  });

  it('users create-admin creates an admin, then promotes an existing account', async () => {
    const created = await runCli(
      ['users', 'create-admin', '--email', 'Boss@Example.com', '--password', 'boss-password', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ ok: true, email: 'boss@example.com', result: 'created' });
    const user = await findUser('boss@example.com');
    expect(user?.role).toBe('admin');
    expect(await verifyPassword(user!.passwordHash, 'boss-password')).toBe(true);

    const again = await runCli(
      ['users', 'create-admin', '--email', 'boss@example.com', '--password', 'new-boss-password'],
      env,
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Admin boss@example.com promoted.');
    expect(
      await verifyPassword((await findUser('boss@example.com'))!.passwordHash, 'new-boss-password'),
    ).toBe(true);
  });

  it('fails with a clear message and a non-zero exit on bad input', async () => {
    const bad = await runCli(['users', 'create-admin', '--email', 'nope', '--password', 'short'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /--email must be a valid e-mail address; --password must be at least 8 characters/,
    );
    const missing = await runCli(['users', 'create-admin', '--email', 'a@example.com'], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--password/);
  });

  it('stops with the name of a malformed variable', async () => {
    const result = await runCli(['migrate'], { ...env, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT:');
  });
});
