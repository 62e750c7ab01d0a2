import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// One browser run is enough: it drives a server in embedded mode whatever DATABASE_URL says.
const skip = !hasChromium || Boolean(process.env.DATABASE_URL);

describe.skipIf(skip)('a customer in a real browser', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild(repoRoot);
    server = await startServerProcess();
    browser = await launchBrowser();
    page = await newPage(browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  const payOnEmulator = (card: string) => payOnEmulatorPage(page, card);

  it('registers, subscribes with 4242 on the checkout page and is Pro on the success page', async () => {
    await registerInBrowser(page, server.url, 'browser@example.com', 'browser-password');
    await page.goto(`${server.url}/pricing`);
    await expect(page.getByRole('heading', { name: 'Premium' })).toBeDefined();
    await shot('pricing');
    const premium = page.locator('li.plan', { has: page.getByRole('heading', { name: 'Premium' }) });
    await premium.getByRole('button', { name: 'Subscribe' }).click();
    await shot('emulator-checkout');
    await payOnEmulator('4242424242424242');
    await page.waitForURL(/\/billing\/success/);
    await page.getByText("You're Premium").waitFor();
    await shot('success');
  });

  it('uses the premium report on the dashboard', async () => {
    await page.goto(`${server.url}/dashboard`);
    await page
      .getByRole('heading', { name: /report/i })
      .first()
      .waitFor();
    await page.getByLabel('Daily values').waitFor();
    await shot('dashboard');
  });

  it('changes plan with a proration preview, cancels, and resumes', async () => {
    await page.goto(`${server.url}/billing`);
    await page
      .getByLabel(/Premium.*year/i)
      .first()
      .check();
    const confirm = page.getByRole('button', { name: /Confirm and pay/ });
    await confirm.waitFor();
    await shot('change-plan-preview');
    await confirm.click();
    await page
      .getByText(/Premium/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Cancel subscription|Yes|Confirm/ })
      .click();
    await page.getByRole('button', { name: 'Resume subscription' }).waitFor();
    await shot('pending-cancel');
    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await page
      .getByRole('button', { name: 'Resume subscription' })
      .waitFor({ state: 'detached', timeout: 20_000 });
    await shot('billing');
  });

  it('shows the decline message for a declined card, and a pass purchase works', async () => {
    page = await newPage(browser);
    await registerInBrowser(page, server.url, 'pass@example.com', 'pass-password');
    await page.goto(`${server.url}/pricing`);
    await page.getByRole('button', { name: /Buy a 30-day Pro pass/ }).click();
    await payOnEmulator('4000000000000002');
    await page
      .getByRole('alert')
      .getByText(/declined/i)
      .waitFor();
    await shot('declined');
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /Pay/ }).click();
    await page.waitForURL(/\/billing\/success/);
    await page.getByText("You're Pro").waitFor();
  });
});
