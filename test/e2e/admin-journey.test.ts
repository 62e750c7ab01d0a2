import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  ARTIFACTS,
  ensureWebBuild,
  hasChromium,
  launchBrowser,
  newPage,
  payOnEmulatorPage,
  registerInBrowser,
} from '../support/browser.ts';
import { repoRoot } from '../support/run-cli.ts';
import { startServerProcess } from '../support/server-process.ts';

const skip = !hasChromium || Boolean(process.env.DATABASE_URL);

describe.skipIf(skip)('an admin in a real browser', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild(repoRoot);
    server = await startServerProcess();
    browser = await launchBrowser();
    // A customer subscribes first (through the API and the emulator's page), so there is data to see.
    const customer = await newPage(browser);
    await registerInBrowser(customer, server.url, 'renewing@example.com', 'renewing-password');
    await customer.goto(`${server.url}/pricing`);
    const premium = customer.locator('li.plan', { has: customer.getByRole('heading', { name: 'Premium' }) });
    await premium.getByRole('button', { name: 'Subscribe' }).click();
    await payOnEmulatorPage(customer, '4242424242424242');
    await customer.getByText("You're Premium").waitFor();
    await customer.context().close();

    page = await newPage(browser, { width: 1280, height: 900 });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill('admin@example.com');
    await page.getByLabel('Password').fill('admin-password');
    await page.getByRole('button', { name: /Log in|Sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { waitUntil: 'commit' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  it('sees the overview with its figures and charts', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Key figures').waitFor();
    await page.getByText('$19.00').first().waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await shot('admin-overview');
  });

  it('finds the user', async () => {
    await page.goto(`${server.url}/admin/users`);
    await page.getByLabel('Search by e-mail or name').fill('renewing');
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('link', { name: /renewing@example.com/ })
      .first()
      .waitFor();
    await shot('admin-users');
  });

  it('replays a webhook event', async () => {
    await page.goto(`${server.url}/admin/webhooks`);
    await page
      .getByRole('button', { name: /^Replay evt_/ })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replay' }).click();
    await page.getByText(/Replay queued/).waitFor();
    await shot('admin-webhooks');
  });

  it('advances time a month and sees the renewal receipt in the mailbox', async () => {
    await page.goto(`${server.url}/admin/dev`);
    await page.getByLabel('Advance by days').fill('31');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByRole('button', { name: 'Advance', exact: true }).waitFor({ timeout: 90_000 });
    await page
      .getByRole('button', { name: /Receipt: \$19\.00/ })
      .nth(1)
      .waitFor();
    await shot('admin-dev-mailbox');
  });
});
