/**
 * The event history in local mode, end to end: the checkers and controllers record what they
 * observe in the Events table local mode provisions, and the API reports it. Break and heal the
 * active region twice → GET /incidents holds two incidents whose timings fit the probe settings
 * (1 s probes, 2-probe thresholds), and GET /report shows the availability they cost.
 */
import { runCli } from '../../cli/main';
import type { AvailabilityFigures, HistoryReport, Incident } from '../../lambdas/history';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { fastConfig, getStatus, waitFor } from './helpers';

const ctx = useEmulators();
let local: LocalMode;
const config = parseConfig(fastConfig({ service: 'local-history' }));
const INTERVAL_S = config.probe.intervalSeconds;

beforeAll(async () => {
  local = await startLocalMode({ config, clients: ctx.clients, port: 0, log: () => undefined });
});
afterAll(async () => {
  await local?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { env: { FAILOVER_API_URL: local.url, FAILOVER_TOKEN: local.token, FAILOVER_CONNECTION_FILE: '/nonexistent' }, out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${local.url}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Breaks us-east-1 once everything is steady; returns when it broke. */
async function outageAndRecovery(round: number): Promise<number> {
  await waitFor(
    `round ${round}: both regions UP, traffic on us-east-1`,
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP') && s.active.length === 1 && s.active[0] === 'us-east-1',
    30_000,
  );
  const brokeAt = Date.now();
  expect((await cli('demo', 'break', 'us-east-1')).code).toBe(0);
  await waitFor(
    `round ${round}: the flip to us-west-2`,
    () => getStatus(local.url),
    (s) => s.active.length === 1 && s.active[0] === 'us-west-2',
  );
  expect((await cli('demo', 'heal', 'us-east-1')).code).toBe(0);
  await waitFor(
    `round ${round}: us-east-1 UP again and traffic back on it`,
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP') && s.active.length === 1 && s.active[0] === 'us-east-1',
    30_000,
  );
  return brokeAt;
}

/**
 * The outage a break caused. On this shared, often oversubscribed machine a probe can also miss
 * its latency limit by itself (a gray failure), so other, shorter incidents may be recorded too;
 * the one that matters is the one in progress at the break that made traffic move.
 */
function causedBy(incidents: readonly Incident[], brokeAt: number): Incident | undefined {
  return incidents.find((i) => i.flips.length > 0 && i.startedAt <= brokeAt + 3 * INTERVAL_S * 1000 && (i.endedAt ?? Infinity) >= brokeAt);
}

test('break and heal us-east-1 twice → two incidents with timings that fit the probe settings, and the availability they cost', async () => {
  const breaks = [await outageAndRecovery(1), await outageAndRecovery(2)];

  // The controller writes its notes when its tick is over: wait until both incidents are recorded and closed.
  const read = () => getJson<{ incidents: Incident[] }>('/incidents?window=1h&region=us-east-1');
  const found = await waitFor('the two incidents the breaks caused, closed', read, (body) => breaks.every((at) => causedBy(body.incidents, at)?.open === false));
  const incidents = breaks.map((at) => causedBy(found.incidents, at)!);
  expect(new Set(incidents.map((i) => i.id)).size).toBe(2);
  for (const i of incidents) {
    // The checkers recorded their first failed probes: the start is measured, not estimated.
    expect(i).toMatchObject({ region: 'us-east-1', serving: true, open: false, flipMode: 'dns-update', startEstimated: false });
    // Detection takes the quorum-th checker's failureThreshold-th failed probe: at least
    // (failureThreshold − 1) intervals after the first failed probe (less a probe's own skew);
    // more when checkers are out of step or a checker was already failing (the machine is loaded).
    expect(i.detect_s).toBeGreaterThanOrEqual((config.probe.failureThreshold - 1) * INTERVAL_S - 0.5);
    expect(i.detect_s).toBeLessThanOrEqual(15);
    // The controller ticks on every checker state change; the intent follows quorum DOWN (or the
    // moment the other region is UP to take the traffic).
    expect(i.decide_s).not.toBeNull();
    expect(i.decide_s!).toBeGreaterThanOrEqual(0);
    expect(i.decide_s!).toBeLessThanOrEqual(10);
    expect(i.flip_s).not.toBeNull();
    expect(i.flip_s!).toBeLessThanOrEqual(5);
    // dns-update: traffic moved when Route 53 reported the change INSYNC, before the commit.
    expect(i.rto_s!).toBeLessThanOrEqual(i.detect_s + i.decide_s! + i.flip_s! + 0.001);
    expect(i.rto_s!).toBeGreaterThanOrEqual(i.detect_s + i.decide_s!);
    expect(i.downtime_s).toBeCloseTo(i.rto_s!, 1);
    expect(i.flips).toHaveLength(1);
    // The outage lasts until quorum UP: at least the recovery threshold after the heal.
    expect(i.duration_s).toBeGreaterThan(i.rto_s!);
  }

  console.log(`history e2e: ${JSON.stringify(incidents.map(({ detect_s, decide_s, flip_s, rto_s, downtime_s, duration_s }) => ({ detect_s, decide_s, flip_s, rto_s, downtime_s, duration_s })))}`);

  const report = await getJson<HistoryReport>('/report?window=1h');
  const east = report.availability.regions['us-east-1'] as AvailabilityFigures;
  const eastIncidents = report.incidents.filter((i) => i.region === 'us-east-1');
  expect(east).toMatchObject({ failures: eastIncidents.length, openAtEnd: false });
  expect(east.failures).toBeGreaterThanOrEqual(2);
  expect(east.downtime_s).toBeGreaterThanOrEqual(incidents.reduce((sum, i) => sum + i.duration_s, 0) - 0.01);
  expect(east.availability).toBeLessThan(1);
  expect(east.mttr_s).toBeCloseTo(east.downtime_s / east.failures, 1);
  expect(east.nines).toBeGreaterThan(0);
  // Users saw errors while no serving region was available: at least until traffic moved each time.
  expect(report.availability.service.downtime_s).toBeGreaterThanOrEqual(incidents.reduce((sum, i) => sum + i.downtime_s, 0) - 0.01);
  expect(report.availability.service.availability).toBeGreaterThan(east.availability);
  // The breaks' failovers and the automatic failbacks after them.
  const causes = report.flips.filter((f) => f.state === 'completed').map((f) => f.cause);
  expect(causes.filter((c) => c === 'failover')).toHaveLength(2);
  expect(causes.filter((c) => c === 'failback')).toHaveLength(2);

  // The CLI shows the same.
  const listed = await cli('incidents', '--window', '1h', '--region', 'us-east-1');
  expect(listed.code).toBe(0);
  for (const i of incidents) expect(listed.out).toContain(new Date(i.startedAt).toISOString().slice(0, 19));
  const shown = await cli('report', '--window', '1h');
  expect(shown.code).toBe(0);
  expect(shown.out).toMatch(new RegExp(`us-east-1\\s+${east.failures}\\s`));
}, 120_000);
