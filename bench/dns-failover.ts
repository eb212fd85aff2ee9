/**
 * `npm run bench -- dns-failover`: fault → DNS answer changed, side by side, in one run on one clock:
 *  (a) this service in health-signal mode with the deployed defaults (probe cadence of
 *      failover.config.json, signal checks of SIGNAL_CHECK_DEFAULTS): checkers → quorum → controller
 *      flip → signal endpoint → Route 53's checkers see it → failover records answer the other region;
 *  (b) this service in dns-update mode: the controller's UPSERT changes the record;
 *  (c) the baseline an SRE would pick instead: plain Route 53 failover records with fast (10 s × 3)
 *      HTTP health checks directly on the app endpoints.
 * Everything is real — two whole local modes (demo backends, checker loops, controllers, APIs) on
 * DynamoDB Local + moto, the emulated Route 53 checker locations, the local name servers read by
 * real UDP queries — and runs on one AcceleratedClock (every mode gets the same acceleration).
 * (c) probes (a)'s demo backends; (b) has its own, broken and healed at the same instants.
 *
 * Each fault breaks the primary (us-east-1) backend at a random moment, waits until all three
 * answers moved to us-west-2, keeps the fault a while (a second change would be a false flip), heals
 * and waits until all three answer us-east-1 again (failback is automatic here so every fault hits
 * the primary, as the baseline's failover records always return to it). Any answer change other
 * than fault → secondary and heal → primary counts as a false flip, also in quiet periods before
 * the first and after the last fault.
 */
import { loadConfigFile, parseConfig, type FailoverConfig } from '../lambdas/config';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { routingRecords, SIGNAL_CHECK_DEFAULTS, type DnsSetup, type EndpointCheckSpec } from '../lambdas/platform/dns-setup';
import { startEmulators } from '../local/aws';
import { startLocalMode, type LocalMode } from '../local/local-mode';
import { provisionHostedZone } from '../local/provision';
import { provisionDnsSetup } from '../local/provision-dns';
import { startLocalDns, type LocalDns } from '../local/route53/local-dns';
import { CHECKER_LOCATIONS } from '../local/route53/evaluator';
import { AcceleratedClock } from '../test/support/accelerated-clock';
import { watchAnswer, type AnswerChange, type AnswerWatch } from './support/answer-watch';
import { mulberry32, percentile } from './support/stats';

const FAULTS = Number(process.env.BENCH_FAULTS ?? 12);
const ACCELERATION = Number(process.env.BENCH_ACCELERATION ?? 2);
/** Override of the probe interval, to measure a cadence other than the deployed one. */
const PROBE_INTERVAL_S = process.env.BENCH_PROBE_INTERVAL_S === undefined ? undefined : Number(process.env.BENCH_PROBE_INTERVAL_S);
const SEED = 20261201;
const PRIMARY = 'us-east-1';
const SECONDARY = 'us-west-2';
/** Real ms between two DNS queries of a watcher. */
const POLL_MS = 20;
/** Simulated seconds. */
const WARM_UP_S = 60;
const QUIET_S = 120;
const KEEP_FAULT_S = 10;
const FAULT_TIMEOUT_S = 180;
const HEAL_TIMEOUT_S = 400;
const BASELINE_CHECK = { requestIntervalSeconds: 10 as const, failureThreshold: 3 };

type Mode = 'health_signal' | 'dns_update' | 'route53_baseline';
const MODES: readonly Mode[] = ['health_signal', 'dns_update', 'route53_baseline'];

function benchConfig(example: FailoverConfig, mode: 'health-signal' | 'dns-update'): FailoverConfig {
  const tag = mode === 'health-signal' ? 'sig' : 'dns';
  const zone = `${tag}.bench.example.com`;
  return parseConfig({
    ...example,
    service: `bench-${tag}`,
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    // Latency limits are judged on the accelerated clock, where a loaded machine's real
    // milliseconds count fourfold; the bench breaks backends with 503s, not slowness.
    appRegions: example.appRegions.map((a) => ({ ...a, endpoint: { ...a.endpoint, latencyLimitMs: undefined }, recordValue: `${a.region}.${zone}.example.net` })),
    dns: { ...example.dns, hostedZoneName: zone, recordName: `api.${zone}`, flipMode: mode },
    probe: { ...example.probe, ...(PROBE_INTERVAL_S !== undefined ? { intervalSeconds: PROBE_INTERVAL_S } : {}) },
    // Failback is automatic so every fault hits the primary; hold-down shortened so faults can follow each other.
    failover: { holdDownSeconds: 20, flapWindowSeconds: 3600, maxFlipsPerWindow: 100, failback: 'auto', failbackDwellSeconds: 10 },
  });
}

/** Plain Route 53 failover records with fast checks on the app endpoints (the demo backends of `local`). */
function baselineSetup(config: FailoverConfig, local: LocalMode): DnsSetup {
  const zone = 'base.bench.example.com';
  const checks: EndpointCheckSpec[] = local.config.appRegions.map((a) => ({
    kind: 'endpoint',
    key: `App-${a.region}`,
    name: `baseline ${a.region} app endpoint`,
    region: a.region,
    via: a.region,
    type: 'HTTP',
    host: a.endpoint.host,
    port: a.endpoint.port ?? 80,
    resourcePath: a.endpoint.path,
    enableSni: false,
    ...BASELINE_CHECK,
  }));
  const records = routingRecords({ ...config, dns: { ...config.dns, hostedZoneName: zone, recordName: `api.${zone}` } }, (region) => `App-${region}`);
  return { zoneName: zone, healthChecks: checks, records };
}

interface Run {
  readonly clock: AcceleratedClock;
  readonly locals: readonly LocalMode[];
  readonly watches: Record<Mode, AnswerWatch>;
  readonly primaryValue: Record<Mode, string>;
  readonly secondaryValue: Record<Mode, string>;
}

async function until(run: Run, what: string, timeoutS: number, done: () => boolean): Promise<void> {
  const deadline = run.clock.monotonicMs() + timeoutS * 1000;
  while (!done()) {
    if (run.clock.monotonicMs() > deadline) {
      throw new Error(`timed out (${timeoutS} s simulated) waiting for ${what}; answers: ${MODES.map((m) => `${m}=${run.watches[m].current}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const allOn = (run: Run, values: Record<Mode, string>) => (): boolean => MODES.every((m) => run.watches[m].current === values[m]);

interface Window {
  readonly faultAt: number;
  readonly healAt: number;
}

/** A change that is neither the one move to the secondary during a fault nor the one move back after it. */
interface FalseFlip {
  /** Simulated s after the fault (or, before the first fault, after the steady start). */
  readonly afterFaultS: number;
  readonly fault: number;
  readonly value: string;
}

function falseFlips(changes: readonly AnswerChange[], windows: readonly Window[], primary: string, secondary: string): FalseFlip[] {
  const flips: FalseFlip[] = [];
  const flag = (c: AnswerChange, fault: number, from: number): void => {
    flips.push({ afterFaultS: Math.round((c.atMs - from) / 100) / 10, fault, value: c.value });
  };
  for (const [i, w] of windows.entries()) {
    const next = windows[i + 1]?.faultAt ?? Number.POSITIVE_INFINITY;
    const during = changes.filter((c) => c.atMs >= w.faultAt && c.atMs < w.healAt);
    const after = changes.filter((c) => c.atMs >= w.healAt && c.atMs < next);
    during.forEach((c, k) => (k > 0 || c.value !== secondary) && flag(c, i + 1, w.faultAt));
    after.forEach((c, k) => (k > 0 || c.value !== primary) && flag(c, i + 1, w.faultAt));
  }
  const first = windows[0]?.faultAt ?? Number.POSITIVE_INFINITY;
  changes.filter((c) => c.atMs < first).forEach((c) => flag(c, 0, changes[0]?.atMs ?? 0));
  return flips;
}

export async function run(): Promise<Record<string, unknown>> {
  const example = loadConfigFile('failover.config.json');
  const random = mulberry32(SEED);
  const emulators = await startEmulators();
  const clients = createAwsClients({ region: 'us-east-1', env: emulators.env });
  const clock = new AcceleratedClock(ACCELERATION);
  const started = performance.now();
  const stops: (() => Promise<void>)[] = [];
  try {
    const sigConfig = benchConfig(example, 'health-signal');
    const dnsConfig = benchConfig(example, 'dns-update');
    const sig = await startLocalMode({ config: sigConfig, clients, port: 0, clock, log: () => undefined });
    stops.push(() => sig.stop());
    const dns = await startLocalMode({ config: dnsConfig, clients, port: 0, clock, log: () => undefined });
    stops.push(() => dns.stop());
    const base = baselineSetup(sigConfig, sig);
    const baseZone = await provisionHostedZone(clients.route53, base.zoneName);
    await provisionDnsSetup(clients.route53, baseZone, 'bench-base', base);
    const baseDns: LocalDns = await startLocalDns({ route53: clients.route53, clock, zoneIds: [baseZone] });
    stops.push(() => baseDns.stop());

    const watch = (port: number, name: string): AnswerWatch => {
      const w = watchAnswer({ port, name, type: 'CNAME', clock, pollMs: POLL_MS });
      stops.unshift(() => w.stop());
      return w;
    };
    const value = (config: FailoverConfig, region: string): string => config.appRegions.find((a) => a.region === region)?.recordValue ?? '';
    const runState: Run = {
      clock,
      locals: [sig, dns],
      watches: {
        health_signal: watch(sig.dns.port, sigConfig.dns.recordName),
        dns_update: watch(dns.dns.port, dnsConfig.dns.recordName),
        route53_baseline: watch(baseDns.port, `api.${base.zoneName}`),
      },
      primaryValue: { health_signal: value(sigConfig, PRIMARY), dns_update: value(dnsConfig, PRIMARY), route53_baseline: value(sigConfig, PRIMARY) },
      secondaryValue: { health_signal: value(sigConfig, SECONDARY), dns_update: value(dnsConfig, SECONDARY), route53_baseline: value(sigConfig, SECONDARY) },
    };

    await until(runState, 'every answer on the primary', 900, allOn(runState, runState.primaryValue));
    const steadyAt = clock.monotonicMs();
    await clock.sleep(WARM_UP_S * 1000);

    const faultToAnswer: Record<Mode, number[]> = { health_signal: [], dns_update: [], route53_baseline: [] };
    const windows: Window[] = [];
    for (let i = 0; i < FAULTS; i++) {
      await until(runState, 'every answer on the primary', HEAL_TIMEOUT_S, allOn(runState, runState.primaryValue));
      await clock.sleep(random() * 10_000);
      const faultAt = clock.monotonicMs();
      for (const local of runState.locals) local.backends.setMode(PRIMARY, 'down');
      await until(runState, `every answer on the secondary (fault ${i + 1})`, FAULT_TIMEOUT_S, allOn(runState, runState.secondaryValue));
      for (const mode of MODES) {
        const moved = runState.watches[mode].changes.find((c) => c.atMs >= faultAt && c.value === runState.secondaryValue[mode]);
        if (moved) faultToAnswer[mode].push((moved.atMs - faultAt) / 1000);
      }
      await clock.sleep(KEEP_FAULT_S * 1000);
      const healAt = clock.monotonicMs();
      for (const local of runState.locals) local.backends.setMode(PRIMARY, 'healthy');
      windows.push({ faultAt, healAt });
    }
    await until(runState, 'every answer back on the primary', HEAL_TIMEOUT_S, allOn(runState, runState.primaryValue));
    await clock.sleep(QUIET_S * 1000);

    const flips = Object.fromEntries(
      MODES.map((m) => [
        m,
        falseFlips(
          runState.watches[m].changes.filter((c) => c.atMs > steadyAt),
          windows,
          runState.primaryValue[m],
          runState.secondaryValue[m],
        ),
      ]),
    ) as Record<Mode, FalseFlip[]>;
    const p = (mode: Mode, q: number): number => Math.round(percentile(faultToAnswer[mode], q) * 100) / 100;
    const bestOurs = Math.min(p('health_signal', 50), p('dns_update', 50));
    return {
      health_signal_fault_to_answer_s_p50: p('health_signal', 50),
      health_signal_fault_to_answer_s_p99: p('health_signal', 99),
      dns_update_fault_to_answer_s_p50: p('dns_update', 50),
      dns_update_fault_to_answer_s_p99: p('dns_update', 99),
      route53_baseline_fault_to_answer_s_p50: p('route53_baseline', 50),
      route53_baseline_fault_to_answer_s_p99: p('route53_baseline', 99),
      speedup_vs_route53_p50: Math.round((p('route53_baseline', 50) / bestOurs) * 100) / 100,
      speedup_health_signal_vs_route53_p50: Math.round((p('route53_baseline', 50) / p('health_signal', 50)) * 100) / 100,
      false_flips: MODES.reduce((n, m) => n + flips[m].length, 0),
      false_flips_by_mode: Object.fromEntries(MODES.map((m) => [m, flips[m].length])),
      false_flip_details: flips,
      faults_injected: FAULTS,
      samples: Object.fromEntries(MODES.map((m) => [m, faultToAnswer[m].length])),
      wall_time_s: Math.round((performance.now() - started) / 100) / 10,
      simulated_time_s: Math.round(clock.monotonicMs() / 100) / 10,
      goals: { speedup_vs_route53_p50: '≥ 2', false_flips: 0 },
      settings: {
        clock: `AcceleratedClock ×${ACCELERATION}: one clock for every mode (checkers, controllers, API, Route 53 checker locations, name servers); real latencies count ×${ACCELERATION}; probe deadlines (ours and Route 53's) stay in real time, as they judge real sockets`,
        fault: 'demo backend of us-east-1 answers 503 from a random moment (0–10 s after the previous recovery settled); healed 10 s after the last answer moved',
        probe: sigConfig.probe,
        probe_interval_overridden: PROBE_INTERVAL_S !== undefined,
        signal_checks: {
          ...SIGNAL_CHECK_DEFAULTS,
          design: 'one HTTP check per API region (3) on /signal/us-west-2 (the secondary); SECONDARY record: CALCULATED ≥ 2 of 3; PRIMARY record: the same, inverted (lambdas/platform/dns-setup.ts)',
        },
        baseline_checks: { ...BASELINE_CHECK, type: 'HTTP on the app endpoint (/health/deep)', records: 'PRIMARY/SECONDARY failover' },
        route53_locations: CHECKER_LOCATIONS.length,
        route53_rules: 'per-location threshold, endpoint healthy when > 18% of locations see it healthy, calculated checks, failover selection (local/route53/rules)',
        failover: sigConfig.failover,
        leader: sigConfig.leader,
        record_ttl_s: sigConfig.dns.ttl,
        measured: 'fault → the local name server answers the other region (real UDP queries every 20 ms real); resolver caching (TTL) comes on top for every mode alike',
        dns_update_note: 'moto applies an UPSERT at once and reports INSYNC; real Route 53 propagates changes to its name servers "typically within 60 seconds", which this figure does not include',
        seed: SEED,
      },
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    clients.destroy();
    await emulators.stop();
  }
}
