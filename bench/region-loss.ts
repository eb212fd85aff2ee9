/**
 * `npm run bench -- region-loss`: the active region lost whole → the flip, in REAL time through
 * regional local mode with the example topology (2 app regions, 3 checker regions, MRSC over 3
 * replica regions, health-signal DNS, 5 s × 3 probes). Each kill SIGKILLs the active region's
 * checker, controller and API (with its demo backend) and cuts its replica endpoint (and, for
 * us-east-1, Route 53's control plane). Kills are spread over the phases of the probe cycle; between
 * them: heal, wait until every region is back and UP, fail back by hand, and let the hold-down pass.
 *
 * Every other kill first moves the leadership into the region about to be lost (the other
 * controllers crash until it holds the lease, then restart), so half the losses also need a
 * leader takeover — the slowest case: detection and the lease expiry run in parallel.
 *
 * Baseline, same run: a plain backend outage (the active region's demo backend answers 503) through
 * the same local mode, at the same phases — the goal is that losing a region whole costs no more.
 *
 * Counted from the audit trail: automatic flips per kill (expected exactly one; more are double
 * flips), automatic flips while nothing was broken (false flips; a quiet period before the first
 * and after the last round), and flips seen on GET /status with no audit entry (lost entries).
 */
import type { z } from 'zod';
import type { ChaosCommand } from '../lambdas/api/chaos-schemas';
import type { AuditEntryBody, historyResponse, StatusBody } from '../lambdas/api/schemas';
import { loadConfigFile, parseConfig } from '../lambdas/config';
import { startEmulators } from '../local/aws';
import { startRegionalLocalMode, type RegionalLocalMode } from '../local/regions/regional-mode';
import { percentile } from './support/stats';

const KILLS = 8;
const OUTAGES = 4;
const HOLD_DOWN_S = 10;
const POLL_MS = 100;
const ROUND_TIMEOUT_MS = 90_000;
const QUIET_MS = 20_000;

interface Api {
  status(): Promise<StatusBody>;
  history(): Promise<AuditEntryBody[]>;
  chaos(command: ChaosCommand): Promise<void>;
  failback(reason: string): Promise<void>;
}

/** Chaos commands sent in this run (each must have its audit entry). */
let chaosSent = 0;

function api(local: RegionalLocalMode): Api {
  const headers = { authorization: `Bearer ${local.token}`, 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${local.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    status: async () => (await call('GET', '/status')) as StatusBody,
    async history() {
      const items: AuditEntryBody[] = [];
      let cursor: string | undefined;
      do {
        const page = (await call('GET', `/history?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as z.output<typeof historyResponse>;
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return items;
    },
    chaos: async (command) => {
      await call('POST', '/chaos', command);
      chaosSent += 1;
    },
    failback: async (reason) => void (await call('POST', '/failback', { reason })),
  };
}

async function until(a: Api, what: string, done: (s: StatusBody) => boolean, timeoutMs = ROUND_TIMEOUT_MS, storeAlive?: () => Promise<boolean>): Promise<StatusBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await a.status().catch(() => undefined);
    if (s && done(s)) return s;
    if (Date.now() > deadline) {
      const store = storeAlive ? `; DynamoDB Local ${(await storeAlive()) ? 'answers' : 'does not answer'}` : '';
      throw new Error(`timed out waiting for ${what}; last status: ${s ? `active ${s.active.join(',')}, verdicts ${s.regions.map((r) => `${r.region}:${r.verdict}`).join(' ')}` : 'none'}${store}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const automatic = (entries: readonly AuditEntryBody[]): AuditEntryBody[] => entries.filter((e) => e.action === 'failover' && e.actor.startsWith('controller@'));
const anyFlip = (entries: readonly AuditEntryBody[]): AuditEntryBody[] =>
  entries.filter((e) => ['failover', 'failback', 'manual-failover', 'manual-failback', 'pin', 'flip'].includes(e.action) && e.to !== undefined);

/** Sleeps until the wall clock is `phase` (0–1) of the way through a probe interval. */
async function atPhase(intervalMs: number, phase: number): Promise<void> {
  const now = Date.now();
  const target = Math.floor(now / intervalMs) * intervalMs + phase * intervalMs;
  await new Promise((r) => setTimeout(r, (target > now + 50 ? target : target + intervalMs) - now));
}

export async function run(): Promise<Record<string, unknown>> {
  const example = loadConfigFile('failover.config.json');
  const config = parseConfig({ ...example, failover: { ...example.failover, holdDownSeconds: HOLD_DOWN_S, maxFlipsPerWindow: 100, failback: 'manual' } });
  const intervalMs = config.probe.intervalSeconds * 1000;
  const priority = config.policy.mode === 'active-passive' ? config.policy.priority : [];
  const started = Date.now();
  const emulators = await startEmulators();
  const local = await startRegionalLocalMode({ config, emulators: emulators.endpoints, port: 0, log: () => undefined });
  const a = api(local);
  // If the run stalls, say whether the store itself is gone (e.g. DynamoDB Local killed from outside).
  const storeAlive = (): Promise<boolean> =>
    fetch(emulators.endpoints.dynamodb, { signal: AbortSignal.timeout(2000) }).then(
      () => true,
      () => false,
    );
  const settled = (s: StatusBody): boolean => local.processes.list().every((p) => p.state === 'running') && s.regions.every((r) => r.verdict === 'UP') && s.leader !== null && s.active.length === 1;
  let witnessed = 0;
  /** Back to the preferred region, with the hold-down behind us. */
  const reset = async (): Promise<void> => {
    let s = await until(a, 'every region back and UP', settled);
    if (s.active[0] !== priority[0]) {
      await a.failback('benchmark: back to the preferred region');
      s = await until(a, 'the failback', (st) => st.active[0] === priority[0]);
      witnessed += 1;
    }
    const holdDownEnds = (s.lastFlip?.at ?? 0) + HOLD_DOWN_S * 1000 + 1000;
    if (holdDownEnds > Date.now()) await new Promise((r) => setTimeout(r, holdDownEnds - Date.now()));
  };

  /**
   * Moves the leadership into `region`: the other regions' controllers crash, the lease passes to
   * `region`'s controller, and the others restart (they find a live leader and stand by).
   */
  const leaderInto = async (region: string): Promise<void> => {
    const others = local.processes
      .list()
      .filter((p) => p.role === 'controller' && p.region !== region)
      .map((p) => p.region);
    for (const other of others) await a.chaos({ action: 'crash-controller', region: other });
    await until(a, `the leadership to move to ${region}`, (s) => s.leader?.holder === region);
    await a.chaos({ action: 'heal' });
  };

  const trial = async (kind: 'kill-region' | 'backend-outage', phase: number, leaderInVictim: boolean) => {
    await reset();
    if (leaderInVictim) {
      await leaderInto((await a.status()).active[0] ?? '');
      await until(a, 'every region back and UP', settled);
    }
    await atPhase(intervalMs, phase);
    const before = await a.status();
    const victim = before.active[0] ?? '';
    const leaderWasInVictim = before.leader?.holder === victim;
    const auditBefore = (await a.history()).length;
    const t0 = performance.now();
    if (kind === 'kill-region') await a.chaos({ action: 'kill-region', region: victim });
    else local.demo.setMode(victim, 'down');
    await until(a, `the flip away from ${victim}`, (s) => s.active.length === 1 && s.active[0] !== victim);
    const seconds = (performance.now() - t0) / 1000;
    witnessed += 1;
    if (kind === 'kill-region') await a.chaos({ action: 'heal' });
    else local.demo.setMode(victim, 'healthy');
    await until(a, 'every region back and UP', settled, ROUND_TIMEOUT_MS, storeAlive);
    const after = await a.history();
    const added = after.slice(0, after.length - auditBefore);
    return { seconds, leaderInVictim: leaderWasInVictim, automaticFlips: automatic(added).length, phase };
  };

  try {
    await until(a, 'every region UP by quorum', settled);
    const quiet = async (): Promise<number> => {
      const before = anyFlip(await a.history()).length;
      await new Promise((r) => setTimeout(r, QUIET_MS));
      return anyFlip(await a.history()).length - before;
    };
    let falseFlips = await quiet();
    const kills = [];
    // Every other kill takes the leader's region: the flip then also waits for a takeover (lease + retry).
    for (let i = 0; i < KILLS; i++) kills.push(await trial('kill-region', i / KILLS, i % 2 === 1));
    const outages = [];
    for (let i = 0; i < OUTAGES; i++) outages.push(await trial('backend-outage', i / OUTAGES, false));
    await reset();
    falseFlips += await quiet();
    const audit = await a.history();
    const killSeconds = kills.map((k) => k.seconds);
    const outageSeconds = outages.map((o) => o.seconds);
    const withLeader = kills.filter((k) => k.leaderInVictim).map((k) => k.seconds);
    const withoutLeader = kills.filter((k) => !k.leaderInVictim).map((k) => k.seconds);
    const flipsObserved = kills.filter((k) => k.automaticFlips >= 1).length;
    return {
      region_loss_to_flip_s_p50: percentile(killSeconds, 50),
      region_loss_to_flip_s_p99: percentile(killSeconds, 99),
      region_loss_to_flip_s_min: Math.min(...killSeconds),
      flips_expected: KILLS,
      flips_observed: flipsObserved,
      false_flips: falseFlips,
      double_flips: kills.reduce((n, k) => n + Math.max(0, k.automaticFlips - 1), 0),
      lost_audit_entries: Math.max(0, witnessed - anyFlip(audit).length),
      chaos_commands_recorded: audit.filter((e) => e.action === 'chaos').length,
      chaos_commands_sent: chaosSent,
      kills_with_leader_in_lost_region: withLeader.length,
      region_loss_to_flip_s_p50_leader_lost: withLeader.length > 0 ? percentile(withLeader, 50) : null,
      region_loss_to_flip_s_p50_leader_survived: withoutLeader.length > 0 ? percentile(withoutLeader, 50) : null,
      baseline_backend_outage_to_flip_s_p50: percentile(outageSeconds, 50),
      baseline_backend_outage_to_flip_s_p99: percentile(outageSeconds, 99),
      region_loss_vs_backend_outage_p50_ratio: percentile(killSeconds, 50) / percentile(outageSeconds, 50),
      wall_time_s: (Date.now() - started) / 1000,
      trials: { kills, outages },
      settings: {
        mode: 'real time, regional local mode: per region a checker, controller and API process, a TCP proxy per replica in front of DynamoDB Local, moto behind a control-plane proxy',
        topology: { appRegions: priority, checkerRegions: config.checkerRegions, coordination: config.coordination, flipMode: config.dns.flipMode },
        probe: config.probe,
        failover: config.failover,
        leader: config.leader,
        kills: KILLS,
        leader_in_lost_region: 'every other kill (odd-numbered)',
        phases: 'kill i of n lands i/n of the way through a probe interval (wall-clock aligned slots)',
        quiet_period_s: QUIET_MS / 1000,
        poll_ms: POLL_MS,
        region_loss_to_flip: 'kill-region of the active region → GET /status on the operator API shows the other region active',
        baseline: `${OUTAGES} plain backend outages (demo backend 503) through the same local mode`,
      },
    };
  } finally {
    await local.stop();
    await emulators.stop();
  }
}
