/**
 * `npm run bench -- failover`: fault → flip against DynamoDB Local + moto, with 2 app regions and 3
 * checker regions. Probe cadence runs on a SIMULATED clock (5 s interval, 3 failures to DOWN, each
 * checker region with its own random phase); every observation is really written through the
 * observation store and wakes the real controller (as the DynamoDB stream would), which reads the
 * real tables, decides and performs the fenced two-phase flip for real. So:
 *   fault_to_flip = simulated detection time (probe cadence) + real decision overhead;
 *   decision_overhead = real ms from the quorum-confirming observation written → flip committed.
 * Each fault hits the currently active region; it recovers before the next fault (failback manual,
 * so traffic stays where it was moved and the next fault hits the other region).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { DynamoDbObservationStore } from '../lambdas/health/dynamodb-observation-store';
import { parseConfig, type FailoverConfig } from '../lambdas/config';
import { buildController } from '../lambdas/wiring';
import { RecordingMetrics } from '../lambdas/failover/metrics';
import { servingRegions } from '../lambdas/failover/rules';
import { applyProbe, buildObservation, INITIAL_HEALTH, type HealthState } from '../lambdas/health/rules';
import type { Clock } from '../lambdas/platform/clock';
import type { LeaderTerm } from '../lambdas/failover/leadership';
import { startEmulators } from '../local/aws';
import { provisionHostedZone, provisionTables } from '../local/provision';
import { tableNames } from '../lambdas/platform/tables';
import { mulberry32, percentile } from './support/stats';

const FAULTS = 12;
const APP = ['us-east-1', 'us-west-2'] as const;
const CHECKERS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;
const INTERVAL_MS = 5000;
/** A faulted endpoint answers 503 quickly; detection is bounded by the cadence, not the timeout. */
const FAILED_PROBE_MS = 40;
const SEED = 20261123;

/** Simulated wall clock; the controller's monotonic clock stays real so its own latency is real. */
class SimClock implements Clock {
  constructor(public now: number) {}
  monotonicMs = (): number => performance.now();
  wallMs = (): number => this.now;
  sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.min(ms, 50)));
}

function benchConfig(service: string, flipMode: 'dns-update' | 'health-signal'): FailoverConfig {
  return parseConfig({
    service,
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    appRegions: APP.map((region) => ({ region, endpoint: { protocol: 'HTTPS', host: `${region}.bench.example.com` } })),
    checkerRegions: [...CHECKERS],
    dns: { hostedZoneName: 'bench.example.com', recordName: 'api.bench.example.com', flipMode },
    policy: { mode: 'active-passive', priority: [...APP] },
    probe: { intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3 },
    failover: { holdDownSeconds: 30, flapWindowSeconds: 3600, maxFlipsPerWindow: 100, failback: 'manual', failbackDwellSeconds: 60 },
  });
}

interface ModeResult {
  faultToFlipS: number[];
  overheadMs: number[];
  falseFlips: number;
  doubleFlips: number;
  missedFaults: number;
  ticks: number;
}

async function runMode(env: Record<string, string>, flipMode: 'dns-update' | 'health-signal', random: () => number): Promise<ModeResult> {
  const service = `bench-${flipMode === 'dns-update' ? 'dns' : 'sig'}`;
  const config = benchConfig(service, flipMode);
  const clients = createAwsClients({ region: 'us-east-1', env });
  try {
    await provisionTables(clients.dynamodb, service);
    const zoneId = await provisionHostedZone(clients.route53, config.dns.hostedZoneName);
    const tables = tableNames(service);
    const clock = new SimClock(1_800_000_000_000);
    const observations = new DynamoDbObservationStore({ documents: clients.documents, tableName: tables.observations });
    const lead: LeaderTerm = { term: 1, signal: new AbortController().signal };
    const controller = buildController({ config, region: 'us-east-1', tableRegion: 'us-east-1', tables, hostedZoneId: zoneId }, clients, {
      clock,
      leadership: { tryLead: () => Promise.resolve(lead) },
      metrics: new RecordingMetrics(),
    });

    const health = new Map<string, HealthState>();
    const seq = new Map<string, number>();
    const phase = new Map(CHECKERS.map((c) => [c, random() * INTERVAL_MS]));
    const faulted = new Set<string>();
    const result: ModeResult = { faultToFlipS: [], overheadMs: [], falseFlips: 0, doubleFlips: 0, missedFaults: 0, ticks: 0 };
    let flipsThisFault = 0;
    let faultAt = 0;
    let faultRegion = '';
    const nextProbeAt = new Map<string, number>(CHECKERS.map((c) => [c, clock.now + (phase.get(c) ?? 0)]));

    /** Runs probes in simulated-time order until `until` (sim ms) or `stop()` holds. */
    async function simulate(until: number, stop: () => boolean): Promise<void> {
      while (!stop()) {
        const [checker, at] = [...nextProbeAt.entries()].sort((a, b) => a[1] - b[1])[0] ?? ['', Infinity];
        if (at > until) break;
        nextProbeAt.set(checker, at + INTERVAL_MS);
        for (const target of APP) {
          const ok = !(faulted.has(target) && at >= faultAt);
          const key = `${target}|${checker}`;
          const done = at + (ok ? 15 : FAILED_PROBE_MS);
          clock.now = done;
          const next = applyProbe(health.get(key) ?? INITIAL_HEALTH, ok, config.probe, at).health;
          health.set(key, next);
          const s = (seq.get(key) ?? 0) + 1;
          seq.set(key, s);
          await observations.put(buildObservation({ target, checker, health: next, recent: [], observedAt: done, seq: s, intervalMs: INTERVAL_MS }));
          const written = performance.now();
          // The stream wakes the controller on every observation write.
          const tick = await controller.tick('stream');
          result.ticks += 1;
          if (tick.outcome === 'flipped' || tick.outcome === 'rolled-forward') {
            const from = servingRegions(tick.flip.plan.from)[0] ?? '';
            if (from !== faultRegion || faultAt === 0) result.falseFlips += 1;
            flipsThisFault += 1;
            if (flipsThisFault > 1) result.doubleFlips += 1;
            const overhead = performance.now() - written;
            result.overheadMs.push(overhead);
            result.faultToFlipS.push((done - faultAt + overhead) / 1000);
          }
        }
      }
    }

    // Warm-up: everything UP, initial traffic on the primary, no flip expected.
    await simulate(clock.now + 6 * INTERVAL_MS, () => false);
    if ((await controller.status()).serving[0] !== APP[0]) throw new Error('warm-up flipped unexpectedly');
    if (result.faultToFlipS.length > 0) result.falseFlips += result.faultToFlipS.splice(0).length;

    for (let i = 0; i < FAULTS; i++) {
      const active = (await controller.status()).serving[0] ?? APP[0];
      faultRegion = active;
      faultAt = clock.now + random() * INTERVAL_MS;
      faulted.add(active);
      flipsThisFault = 0;
      const flipsBefore = result.faultToFlipS.length;
      await simulate(faultAt + 60_000, () => result.faultToFlipS.length > flipsBefore);
      if (result.faultToFlipS.length === flipsBefore) result.missedFaults += 1;
      // Keep running a while to catch a second flip for the same fault, then recover the region
      // and let it settle past the hold-down before the next fault.
      await simulate(clock.now + 20_000, () => false);
      faulted.delete(active);
      await simulate(clock.now + 40_000, () => false);
    }
    // Sanity: the traffic in the state is what the signal endpoints / records say.
    const stored = await clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'controller', sk: 'state' }, ConsistentRead: true }));
    if (stored.Item === undefined) throw new Error('no controller state');
    return result;
  } finally {
    clients.destroy();
  }
}

/** Baseline measured in the same run: one strongly consistent GetItem round trip. */
async function roundTripMs(env: Record<string, string>): Promise<number[]> {
  const clients = createAwsClients({ region: 'us-east-1', env });
  try {
    const table = tableNames('bench-sig').state;
    const samples: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await clients.documents.send(new GetCommand({ TableName: table, Key: { pk: 'controller', sk: 'state' }, ConsistentRead: true }));
      samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    clients.destroy();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const emulators = await startEmulators();
  try {
    const started = performance.now();
    const signal = await runMode(emulators.env, 'health-signal', mulberry32(SEED));
    const dns = await runMode(emulators.env, 'dns-update', mulberry32(SEED + 1));
    const baseline = await roundTripMs(emulators.env);
    const rt50 = percentile(baseline, 50);
    const overheadP99 = percentile(signal.overheadMs, 99);
    return {
      fault_to_flip_s_p50: percentile(signal.faultToFlipS, 50),
      fault_to_flip_s_p99: percentile(signal.faultToFlipS, 99),
      decision_overhead_ms_p50: percentile(signal.overheadMs, 50),
      decision_overhead_ms_p99: overheadP99,
      false_flips: signal.falseFlips + dns.falseFlips,
      double_flips: signal.doubleFlips + dns.doubleFlips,
      missed_faults: signal.missedFaults + dns.missedFaults,
      faults_injected: FAULTS * 2,
      dns_update_fault_to_flip_s_p50: percentile(dns.faultToFlipS, 50),
      dns_update_fault_to_flip_s_p99: percentile(dns.faultToFlipS, 99),
      dns_update_decision_overhead_ms_p99: percentile(dns.overheadMs, 99),
      baseline_dynamodb_get_ms_p50: rt50,
      overhead_p99_vs_get_p50: overheadP99 / rt50,
      controller_ticks: signal.ticks + dns.ticks,
      wall_time_s: (performance.now() - started) / 1000,
      goals: { fault_to_flip_s_p50: '≤ 16', fault_to_flip_s_p99: '≤ 20', decision_overhead_ms_p99: '≤ 500', false_flips: 0, double_flips: 0 },
      settings: {
        app_regions: [...APP],
        checker_regions: [...CHECKERS],
        faults_per_mode: FAULTS,
        modes: ['health-signal (headline figures)', 'dns-update (dns_update_* figures; moto answers INSYNC at once)'],
        probe: '5 s interval × 3 failures to DOWN, quorum 2 of 3; SIMULATED clock for the probe cadence (random phase per checker, fault at a random instant)',
        failed_probe_ms: FAILED_PROBE_MS,
        trigger: 'controller tick after every observation write (stands in for the DynamoDB stream; real stream delivery adds its own latency)',
        hold_down_s: 30,
        failback: 'manual',
        max_flips_per_window: 100,
        decision_overhead: 'real ms, quorum-confirming observation written → flip committed (intent, apply, audit+complete) against the emulators',
        seed: SEED,
      },
    };
  } finally {
    await emulators.stop();
  }
}
