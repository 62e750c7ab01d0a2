import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The built web app, built now if a fresh clone has none. */
export function ensureWebBuild(repoRoot: string): void {
  if (!existsSync(`${repoRoot}web/dist/index.html`))
    execFileSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: repoRoot });
}

/** A page whose steps may be slow: CI runs the browser beside the whole suite on two cores. */
export async function newPage(browser: Browser, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

export async function registerInBrowser(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: /Create account|Register|Sign up/i }).click();
  // Wait for the sign-up to finish (the app leaves /register) before navigating elsewhere.
  await page.waitForURL((url) => !url.pathname.startsWith('/register'), { waitUntil: 'commit' });
}

/** Fills the emulator's hosted checkout form and submits it. */
export async function payOnEmulatorPage(page: Page, card: string): Promise<void> {
  await page.waitForURL(/\/checkout\/cs_/);
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('CVC').fill('123');
  await page.getByLabel('Name on card').fill('Test Buyer');
  await page.getByRole('button', { name: /Subscribe|Pay/ }).click();
}
