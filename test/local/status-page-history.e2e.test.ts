/**
 * The status page's history panels in a real browser (Debian's chromium via playwright-core)
 * against local mode: after the active region breaks and traffic flips, the swimlane shows the
 * region's quorum DOWN and a flip marker with its cause on hover, in UTC and the browser's zone;
 * the availability card shows figures below 100 %; the incident list shows the outage's timings.
 * All under the page's Content-Security-Policy (a violation would be a console error) and with no
 * request leaving the page's origin. Screenshot: test-output/status-page-history.png.
 * Every band and marker comes from what local mode's checkers and controller recorded themselves.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { AuditEntryBody } from '../../lambdas/api/schemas';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { launchChromium, watchPage } from './browser';
import { fastConfig, getStatus, waitFor } from './helpers';

const OUT = join(__dirname, '..', '..', 'test-output');
const BROKEN = 'us-east-1';
const STANDBY = 'us-west-2';
/** Not UTC, with a half-hour offset (and a name ICU does not alias): the page must say which zone its second axis row is in. */
const BROWSER_ZONE = 'Australia/Adelaide';

const ctx = useEmulators();
let local: LocalMode;
let browser: Browser | undefined;

beforeAll(async () => {
  local = await startLocalMode({ config: parseConfig(fastConfig({ service: 'page-history-e2e' })), clients: ctx.clients, port: 0, log: () => undefined });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

async function flipEntry(): Promise<AuditEntryBody | undefined> {
  const res = await fetch(`${local.url}/history?limit=50`);
  const body = (await res.json()) as { items: AuditEntryBody[] };
  return body.items.find((e) => e.timings?.completedAt !== undefined && e.to?.includes(STANDBY) && e.from?.includes(BROKEN));
}

test('after a region breaks, the swimlane shows its outage and the flip, the card its availability, the list the incident', async () => {
  const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: BROWSER_ZONE });
  const page = await context.newPage();
  const { foreign, problems } = watchPage(page, local.url);

  await waitFor(
    'both regions UP',
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP'),
  );
  await page.goto(`${local.url}/`);
  await page.locator('#swimlane svg').waitFor({ timeout: 10_000 });
  expect(await page.locator('#swimlane-zone').textContent()).toBe(`times in UTC and ${BROWSER_ZONE}`);
  // One quorum lane and three checker lanes per region; the "now" line at the right.
  expect(await page.locator('#swimlane g.lane').count()).toBe(8);
  await page.locator('#swimlane g.now').waitFor({ state: 'attached' });

  const res = await fetch(`${local.url}/demo/${BROKEN}/down`, { method: 'POST', headers: { authorization: `Bearer ${local.token}` } });
  expect(res.status).toBe(200);
  const flip = await waitFor('the flip away from the broken region, audited with its timings', flipEntry, (e) => e !== undefined);

  // The swimlane: the broken region's quorum DOWN band and a flip marker saying what happened.
  const marker = page.locator(`#swimlane g.marker[data-kind="flip"][data-flip-id="${flip!.id}"]`);
  await marker.waitFor({ state: 'attached', timeout: 15_000 });
  expect(await marker.getAttribute('data-at')).toBe(String(flip!.timings!.completedAt));
  const hover = await marker.locator('title').textContent();
  expect(hover).toContain(`failover: ${BROKEN} → ${STANDBY}, committed `);
  expect(hover).toMatch(/ Australia\/Adelaide \(GMT\+(9|10):30\)/);
  expect(hover).toContain(flip!.reason);
  await page.locator(`#swimlane g.lane[data-region="${BROKEN}"][data-lane="quorum"] rect.band[data-state="DOWN"]`).waitFor({ state: 'attached' });
  const checkerDown = page.locator(`#swimlane g.lane[data-region="${BROKEN}"][data-lane="eu-west-1"] rect.band[data-state="DOWN"] title`);
  expect(await checkerDown.textContent()).toContain('status 503 (expected 200–299)');
  expect(await page.locator(`#swimlane g.lane[data-region="${STANDBY}"][data-lane="quorum"] rect.band[data-state="DOWN"]`).count()).toBe(0);
  // The marker sits right of where the quorum went DOWN, and left of "now".
  const box = (selector: string) => page.locator(selector).first().boundingBox();
  const [markerBox, downBox, nowBox] = await Promise.all([
    box(`#swimlane g.marker[data-flip-id="${flip!.id}"] line`),
    box(`#swimlane g.lane[data-region="${BROKEN}"][data-lane="quorum"] rect.band[data-state="DOWN"]`),
    box('#swimlane g.now line'),
  ]);
  expect(markerBox!.x).toBeGreaterThanOrEqual(downBox!.x - 1);
  expect(markerBox!.x).toBeLessThanOrEqual(nowBox!.x + 1);

  // The availability card: the broken region's outage is still open, so it has spent time; figures, not dashes.
  const brokenRow = page.locator(`#availability tr[data-scope="${BROKEN}"]`);
  await brokenRow.locator('td[data-figure="failures"]', { hasText: /^1 \(1 open\)$/ }).waitFor({ timeout: 20_000 });
  expect(await brokenRow.locator('td[data-figure="availability"]').textContent()).toMatch(/^99\.\d{4} %$/);
  expect(await brokenRow.locator('td[data-figure="nines"]').textContent()).toMatch(/^\d+\.\d{2}$/);
  expect(await brokenRow.locator('td[data-figure="mttr"]').textContent()).toMatch(/ s$/);
  expect(await brokenRow.locator('td[data-figure="budget"]').textContent()).toMatch(/ \(\d+ %\)$/);
  expect(await page.locator('#availability tr[data-scope="service"] td[data-figure="availability"]').textContent()).toMatch(/^(99\.\d{4}|100) %$/);
  expect(await page.locator('#slo').textContent()).toMatch(/^\d+(\.\d+)? %$/);

  // The incident list: the open outage with its detect / decide / flip / RTO timings.
  const incident = page.locator(`#incidents tr.open[data-region="${BROKEN}"]`);
  await incident.waitFor({ timeout: 10_000 });
  for (const figure of ['detect', 'decide', 'flip', 'rto']) expect(await incident.locator(`td[data-figure="${figure}"]`).textContent()).toMatch(/\d s$/);

  // The window selector redraws the swimlane over 15 minutes, the flip still on it.
  await page.locator('#swimlane-card button[data-window="15m"]').click();
  await page.locator('#swimlane[data-window="15m"]').waitFor({ timeout: 10_000 });
  expect(await page.locator('#swimlane-card button[data-window="15m"]').getAttribute('aria-pressed')).toBe('true');
  expect(await page.locator(`#swimlane g.marker[data-flip-id="${flip!.id}"]`).count()).toBe(1);

  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: join(OUT, 'status-page-history.png'), fullPage: true });
  expect(foreign).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});
