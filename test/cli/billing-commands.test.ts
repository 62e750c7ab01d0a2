import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli, type CliEnvironment } from '../support/run-cli.ts';

let cli: CliEnvironment;
let env: Record<string, string>;

beforeAll(async () => {
  cli = await cliEnvironment('cli-billing');
  env = cli.env;
});
afterAll(() => cli.close());

describe('billing CLI commands (embedded emulator state under DATA_DIR)', () => {
  it('plans sync creates the prices, then finds them unchanged', async () => {
    const first = await runCli(['plans', 'sync', '--json'], env, 60_000);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout);
    expect(created.prices.map((p: { action: string }) => p.action)).toEqual(Array(5).fill('created'));

    const second = await runCli(['plans', 'sync'], env, 60_000);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/unchanged pro_monthly → price_/);
    expect(second.stdout).toContain('5 prices in sync with Stripe (emulator).');
  });

  it('stripe reconcile reports what it checked', async () => {
    const result = await runCli(['stripe', 'reconcile', '--json'], env, 60_000);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      subscriptionsChecked: 0,
      subscriptionsChanged: [],
      eventsRecovered: expect.any(Number),
    });
    const bad = await runCli(['stripe', 'reconcile', '--days', '90'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--days must be a whole number from 1 to 30');
  });

  it('the help lists the billing commands', async () => {
    const help = await runCli(['--help']);
    for (const command of ['worker', 'plans', 'stripe']) expect(help.stdout).toContain(command);
  });
});
