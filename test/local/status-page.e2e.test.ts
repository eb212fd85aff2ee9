/**
 * The status page in a real browser (Debian's chromium via playwright-core) against local mode:
 * it shows the active region, and after the active region breaks it shows the flip — live, with
 * no reload — using nothing but its own origin. Screenshot: test-output/status-page.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { launchChromium, watchPage } from './browser';
import { fastConfig, getStatus, waitFor } from './helpers';

const OUT = join(__dirname, '..', '..', 'test-output');

const ctx = useEmulators();
let local: LocalMode;
let browser: Browser | undefined;

beforeAll(async () => {
  local = await startLocalMode({ config: parseConfig(fastConfig({ service: 'page-e2e' })), clients: ctx.clients, port: 0, log: () => undefined });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

test('shows the active region, then the flip after it breaks', async () => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
  const { foreign, problems } = watchPage(page, local.url);

  await waitFor(
    'both regions UP',
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP'),
  );
  await page.goto(`${local.url}/`);
  await page.locator('#active', { hasText: 'us-east-1' }).waitFor({ timeout: 10_000 });
  await page.locator('[data-region="us-east-1"][data-active="true"][data-verdict="UP"]').waitFor({ timeout: 10_000 });
  expect(await page.locator('[data-region="us-east-1"] tr[data-checker]').count()).toBe(3);
  // Terms by number (term #1 for the first leadership), the fencing token in the tooltip.
  await page.locator('#leader', { hasText: /\(term #\d+\)$/ }).waitFor({ timeout: 10_000 });
  expect(await page.locator('#leader').getAttribute('title')).toMatch(/^fencing token \d+$/);

  const res = await fetch(`${local.url}/demo/us-east-1/down`, { method: 'POST', headers: { authorization: `Bearer ${local.token}` } });
  expect(res.status).toBe(200);

  await page.locator('#active', { hasText: 'us-west-2' }).waitFor({ timeout: 20_000 });
  await page.locator('[data-region="us-east-1"][data-verdict="DOWN"][data-active="false"]').waitFor({ timeout: 10_000 });
  await page.locator('#timeline li.flip', { hasText: 'us-east-1 → us-west-2' }).waitFor({ timeout: 10_000 });
  expect(await page.locator('#timeline li.probe').count()).toBeGreaterThan(0);
  expect(await page.locator('#last-flip').textContent()).toMatch(/us-east-1 → us-west-2/);
  // What the local name server answers now, once the controller's record change is served.
  await page.locator('#dns-answer', { hasText: /^api\.e2e\.example\.com CNAME usw2\.e2e\.example\.com \(since .+, \d+ s ago\)$/ }).waitFor({ timeout: 10_000 });
  // What automation would do now and why, with the fence term and the flap budget.
  await page.locator('#automation-code', { hasText: /^(hold|flip): / }).waitFor({ timeout: 10_000 });
  expect(await page.locator('#automation').textContent()).not.toBe('');
  expect(await page.locator('#fence').textContent()).toMatch(/fence term #\d+/);
  await page.locator('#timeline li.flip', { hasText: /\(term #\d+\)/ }).waitFor({ timeout: 10_000 });
  expect(await page.locator('#flap').textContent()).toMatch(/1 of \d+ flips used in \d+ s/);

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'status-page.png'), fullPage: true });
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
});
