/**
 * `npm run bench -- failover-local`: fault → flip in REAL time, through local mode as a user runs
 * it — DynamoDB Local + moto, a demo backend per app region, three checker loops probing every 5 s
 * (3 failures to DOWN, 3 successes to UP: the default policy), a controller per app region and the
 * API. Complements `failover` (simulated probe cadence, many trials): fewer faults, nothing simulated.
 *
 * Each round breaks the active region's backend, measures until GET /status shows the other region
 * active, heals the broken one and waits until both are UP by quorum again. Failback is manual, so
 * every fault hits whichever region is active. Hold-down is shortened to 10 s (default 300 s) so
 * rounds can follow each other; flap damping is relaxed for the same reason. The audit log is
 * counted around every round: exactly one flip per fault (more = double flips), and none while no
 * fault is injected — before the first round and during a quiet period after the last (false flips).
 */
import { createAwsClients } from '../lambdas/platform/aws-clients';
import type { z } from 'zod';
import type { historyResponse, StatusBody } from '../lambdas/api/schemas';
import { loadConfigFile, parseConfig } from '../lambdas/config';
import { startEmulators } from '../local/aws';
import { startLocalMode } from '../local/local-mode';
import { percentile } from './support/stats';

const FAULTS = 10;
const HOLD_DOWN_S = 10;
const POLL_MS = 100;
/** Generous bound for one detection (threshold 3 × interval 5 s is ~10–15 s). */
const ROUND_TIMEOUT_MS = 60_000;
/** After the last round: watch this long with no fault for any flip (a false flip). */
const QUIET_MS = 20_000;

async function status(url: string): Promise<StatusBody> {
  const res = await fetch(`${url}/status`);
  if (!res.ok) throw new Error(`GET /status: HTTP ${res.status}`);
  return (await res.json()) as StatusBody;
}

async function until(url: string, what: string, done: (s: StatusBody) => boolean): Promise<StatusBody> {
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  for (;;) {
    const s = await status(url);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last status: active ${s.active.join(',')}, verdicts ${s.regions.map((r) => `${r.region}:${r.verdict}`).join(' ')}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function flipsInAudit(url: string): Promise<number> {
  let flips = 0;
  let cursor: string | undefined;
  do {
    const res = await fetch(`${url}/history?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = (await res.json()) as z.output<typeof historyResponse>;
    flips += page.items.filter((i) => i.action === 'failover' || i.action === 'failback' || i.action === 'flip').length;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return flips;
}

export async function run(): Promise<Record<string, unknown>> {
  const example = loadConfigFile('failover.config.json');
  const config = parseConfig({
    ...example,
    coordination: { mode: 'single-region', regions: [example.coordination.regions[0] ?? 'us-east-1'] },
    failover: { ...example.failover, holdDownSeconds: HOLD_DOWN_S, maxFlipsPerWindow: 100, failback: 'manual' },
  });
  const emulators = await startEmulators();
  const clients = createAwsClients({ region: 'us-east-1', env: emulators.env });
  const local = await startLocalMode({ config, clients, port: 0, log: () => undefined });
  const faultToFlipS: number[] = [];
  const started = Date.now();
  try {
    const bothUp = (s: StatusBody): boolean => s.regions.every((r) => r.verdict === 'UP') && s.active.length === 1;
    let current = await until(local.url, 'both regions UP by quorum', bothUp);
    let falseFlips = await flipsInAudit(local.url);
    let doubleFlips = 0;
    let missed = 0;
    for (let i = 0; i < FAULTS; i++) {
      const before = await flipsInAudit(local.url);
      const victim = current.active[0] ?? '';
      const t0 = performance.now();
      local.backends.setMode(victim, 'down');
      await until(local.url, `the flip away from ${victim}`, (s) => s.active.length === 1 && s.active[0] !== victim);
      faultToFlipS.push((performance.now() - t0) / 1000);
      local.backends.setMode(victim, 'healthy');
      current = await until(local.url, `${victim} UP again`, bothUp);
      const roundFlips = (await flipsInAudit(local.url)) - before;
      doubleFlips += Math.max(0, roundFlips - 1);
      missed += roundFlips === 0 ? 1 : 0;
    }
    const afterRounds = await flipsInAudit(local.url);
    await new Promise((r) => setTimeout(r, QUIET_MS));
    falseFlips += (await flipsInAudit(local.url)) - afterRounds;
    const flips = await flipsInAudit(local.url);
    return {
      fault_to_flip_s_p50: percentile(faultToFlipS, 50),
      fault_to_flip_s_p99: percentile(faultToFlipS, 99),
      fault_to_flip_s_min: Math.min(...faultToFlipS),
      faults_injected: FAULTS,
      flips_in_audit: flips,
      double_flips: doubleFlips,
      false_flips: falseFlips,
      missed_faults: missed,
      quiet_period_s: QUIET_MS / 1000,
      wall_time_s: (Date.now() - started) / 1000,
      settings: {
        mode: 'real time, local mode (demo backends, 3 checker loops, 2 controllers, API) on DynamoDB Local + moto',
        probe: config.probe,
        failover: config.failover,
        leader: config.leader,
        flipMode: config.dns.flipMode,
        poll_ms: POLL_MS,
        fault_to_flip: 'backend switched to 503 → GET /status shows the other region active',
      },
    };
  } finally {
    await local.stop();
    clients.destroy();
    await emulators.stop();
  }
}
