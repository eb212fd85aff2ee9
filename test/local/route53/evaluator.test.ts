/** The emulated checker locations on a manual clock with a scripted endpoint. */
import { Route53HealthEvaluator, type HealthChange, type ProbeRecord } from '../../../local/route53/evaluator';
import type { Route53Prober } from '../../../local/route53/probe';
import type { CalculatedCheck, EndpointCheck } from '../../../local/route53/rules';
import { ManualClock } from '../../support/manual-clock';

const endpoint = (id: string, extra: Partial<EndpointCheck> = {}): EndpointCheck => ({
  id,
  type: 'HTTPS',
  host: `${id}.example.com`,
  port: 443,
  resourcePath: '/',
  requestIntervalSeconds: 10,
  failureThreshold: 3,
  enableSni: true,
  inverted: false,
  disabled: false,
  ...extra,
});

/** Phases 0.5 s, 1.5 s, … 7.5 s of a 10 s interval, in a shuffled order. */
const PHASES = [0.35, 0.05, 0.75, 0.15, 0.55, 0.25, 0.65, 0.45];
function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

function setup(up: (host: string) => boolean) {
  const clock = new ManualClock();
  const changes: HealthChange[] = [];
  const probes: ProbeRecord[] = [];
  const prober: Route53Prober = { probe: (check) => Promise.resolve(up(check.host) ? { ok: true, detail: 'status 200' } : { ok: false, detail: 'status 503' }) };
  const evaluator = new Route53HealthEvaluator({ prober, clock, random: sequence(PHASES), onChange: (c) => changes.push(c), onProbe: (p) => probes.push(p) });
  return { clock, changes, probes, evaluator };
}

describe('Route 53 health evaluation', () => {
  it('sends one request per location every RequestInterval, each location on its own phase', async () => {
    const { clock, probes, evaluator } = setup(() => true);
    evaluator.sync([endpoint('a')]);
    await clock.advance(30_000);
    await evaluator.stop();
    const byLocation = new Map<string, number[]>();
    for (const p of probes) byLocation.set(p.location, [...(byLocation.get(p.location) ?? []), p.sentAtMs]);
    expect(byLocation.size).toBe(8);
    const firsts = [...byLocation.values()].map((times) => times[0]);
    expect(new Set(firsts).size).toBe(8);
    for (const times of byLocation.values()) expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([10_000, 10_000]);
  });

  it('turns an endpoint unhealthy when the seventh of eight locations reaches the failure threshold', async () => {
    let healthy = true;
    const { clock, changes, evaluator } = setup(() => healthy);
    evaluator.sync([endpoint('a')]);
    await clock.advance(20_000);
    healthy = false;
    const failedAt = clock.monotonicMs();
    await clock.advance(40_000);
    // Each location's third failure comes 20 s after its first request after the fault; 7 of 8
    // unhealthy leaves 12.5% healthy, which is not more than 18%.
    const thirdFailures = PHASES.map((p) => failedAt + p * 10_000 + 20_000).sort((a, b) => a - b);
    expect(changes).toEqual([{ checkId: 'a', healthy: false, atMs: thirdFailures[6] }]);
    await evaluator.stop();
  });

  it('turns it healthy again when the second location (25% > 18%) has seen threshold successes', async () => {
    let healthy = false;
    const { clock, changes, evaluator } = setup(() => healthy);
    evaluator.sync([endpoint('a')]);
    await clock.advance(40_000);
    expect(evaluator.isHealthy('a')).toBe(false);
    healthy = true;
    const healedAt = clock.monotonicMs();
    await clock.advance(40_000);
    const thirdSuccesses = PHASES.map((p) => healedAt + p * 10_000 + 20_000).sort((a, b) => a - b);
    expect(changes.at(-1)).toEqual({ checkId: 'a', healthy: true, atMs: thirdSuccesses[1] });
    expect(evaluator.view('a')).toEqual({ healthy: true, healthyLocations: 8, locations: 8 });
    await evaluator.stop();
  });

  it('reports calculated checks from their children at once, with inversion', async () => {
    let bUp = true;
    const { clock, evaluator } = setup((host) => host !== 'b.example.com' || bUp);
    const majority: CalculatedCheck = { id: 'm', type: 'CALCULATED', children: ['a', 'b', 'c'], healthThreshold: 2, inverted: false, disabled: false };
    const inverse: CalculatedCheck = { ...majority, id: 'not-all', healthThreshold: 3, inverted: true };
    evaluator.sync([endpoint('a'), endpoint('b', { failureThreshold: 1 }), endpoint('c', { disabled: true }), majority, inverse]);
    await clock.advance(15_000);
    expect([evaluator.isHealthy('m'), evaluator.isHealthy('not-all')]).toEqual([true, false]);
    bUp = false;
    await clock.advance(10_000);
    expect([evaluator.isHealthy('b'), evaluator.isHealthy('m'), evaluator.isHealthy('not-all')]).toEqual([false, true, true]);
    await evaluator.stop();
  });

  it('stops requesting a check that is no longer there and restarts one whose settings changed', async () => {
    const { clock, probes, evaluator } = setup(() => true);
    evaluator.sync([endpoint('a'), endpoint('b')]);
    await clock.advance(10_000);
    evaluator.sync([endpoint('b', { requestIntervalSeconds: 30 })]);
    const before = probes.length;
    await clock.advance(30_000);
    const later = probes.slice(before);
    expect(later.some((p) => p.checkId === 'a')).toBe(false);
    expect(later.filter((p) => p.checkId === 'b')).toHaveLength(8);
    await evaluator.stop();
    expect(clock.pending).toBe(0);
  });
});
