/**
 * Route 53's health checkers, emulated: for every endpoint check, `locations` independent checker
 * locations (default 8, the health-checker regions the API lists), each with its own random phase,
 * send one request every `RequestInterval` and keep their own view with the check's failure
 * threshold. The reported status of every check — endpoint (more than 18% of locations healthy),
 * calculated, inverted, disabled — is recomputed after every result by the pure rules in `rules/`.
 *
 * Time comes from the injected clock: tests drive it with a ManualClock and a scripted prober, the
 * benchmark with an accelerated clock, local mode with the system clock.
 */
import type { Clock } from '../../lambdas/platform/clock';
import type { Route53Prober } from './probe';
import { applyResult, endpointHealthy, HEALTHY_SHARE, isEndpointCheck, NEW_LOCATION, reportedStatuses, type EndpointCheck, type HealthCheck, type LocationStatus } from './rules';

/** The health-checker regions Route 53's API lists (GetCheckerIpRanges / HealthCheckRegion). */
export const CHECKER_LOCATIONS = ['us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'] as const;

export interface HealthChange {
  readonly checkId: string;
  readonly healthy: boolean;
  /** Monotonic ms on the evaluator's clock. */
  readonly atMs: number;
}

export interface ProbeRecord {
  readonly checkId: string;
  readonly location: string;
  readonly ok: boolean;
  readonly detail: string;
  /** Monotonic ms when the request was sent. */
  readonly sentAtMs: number;
}

export interface EvaluatorOptions {
  readonly prober: Route53Prober;
  readonly clock: Clock;
  /** Checker locations per endpoint check. @default 8 */
  readonly locations?: number;
  /** Uniform [0, 1) for the locations' phases. @default Math.random */
  readonly random?: () => number;
  /** @default 0.18 */
  readonly healthyShare?: number;
  readonly onChange?: (change: HealthChange) => void;
  readonly onProbe?: (probe: ProbeRecord) => void;
}

export interface CheckView {
  readonly healthy: boolean;
  /** Endpoint checks: locations that currently see the endpoint healthy, of `locations`. */
  readonly healthyLocations?: number;
  readonly locations?: number;
}

interface Tracked {
  readonly check: HealthCheck;
  readonly fingerprint: string;
  readonly views: LocationStatus[];
  readonly stop: AbortController;
  readonly loops: Promise<void>[];
}

export class Route53HealthEvaluator {
  private readonly tracked = new Map<string, Tracked>();
  private statuses = new Map<string, boolean>();
  private readonly locationNames: readonly string[];
  private readonly random: () => number;
  private stopped = false;

  constructor(private readonly options: EvaluatorOptions) {
    const count = options.locations ?? CHECKER_LOCATIONS.length;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`locations must be a positive integer, got ${count}`);
    this.locationNames = Array.from(
      { length: count },
      (_, i) => CHECKER_LOCATIONS[i % CHECKER_LOCATIONS.length] + (i >= CHECKER_LOCATIONS.length ? `#${Math.floor(i / CHECKER_LOCATIONS.length) + 1}` : ''),
    );
    this.random = options.random ?? Math.random;
  }

  /** Makes the evaluated set exactly `checks`: new checks start (healthy), changed ones restart, missing ones stop. */
  sync(checks: readonly HealthCheck[]): void {
    if (this.stopped) return;
    const wanted = new Map(checks.map((c) => [c.id, c]));
    for (const [id, t] of this.tracked) {
      const next = wanted.get(id);
      if (next === undefined || JSON.stringify(next) !== t.fingerprint) this.untrack(id);
    }
    for (const check of checks) if (!this.tracked.has(check.id)) this.track(check);
    this.recompute();
  }

  /** Reported status; a check this evaluator does not know counts as healthy, like a new one. */
  isHealthy(checkId: string): boolean {
    return this.statuses.get(checkId) ?? true;
  }

  view(checkId: string): CheckView | undefined {
    const t = this.tracked.get(checkId);
    if (t === undefined) return undefined;
    if (!isEndpointCheck(t.check)) return { healthy: this.isHealthy(checkId) };
    return { healthy: this.isHealthy(checkId), healthyLocations: t.views.filter((v) => v.healthy).length, locations: t.views.length };
  }

  /** Stops every location loop and waits for requests in flight to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    const loops = [...this.tracked.values()].flatMap((t) => {
      t.stop.abort();
      return t.loops;
    });
    this.tracked.clear();
    await Promise.allSettled(loops);
  }

  private track(check: HealthCheck): void {
    const stop = new AbortController();
    const views = isEndpointCheck(check) ? this.locationNames.map(() => NEW_LOCATION) : [];
    const tracked: Tracked = { check, fingerprint: JSON.stringify(check), views, stop, loops: [] };
    this.tracked.set(check.id, tracked);
    if (isEndpointCheck(check) && !check.disabled) {
      this.locationNames.forEach((location, i) => tracked.loops.push(this.runLocation(tracked, check, location, i)));
    }
  }

  private untrack(id: string): void {
    this.tracked.get(id)?.stop.abort();
    this.tracked.delete(id);
  }

  /** One location's request cadence: a random phase, then one request every interval, on schedule whatever a request took. */
  private async runLocation(tracked: Tracked, check: EndpointCheck, location: string, index: number): Promise<void> {
    const { clock, prober } = this.options;
    const signal = tracked.stop.signal;
    const intervalMs = check.requestIntervalSeconds * 1000;
    let next = clock.monotonicMs() + this.random() * intervalMs;
    while (!signal.aborted) {
      try {
        await clock.sleep(Math.max(0, next - clock.monotonicMs()), signal);
      } catch {
        return;
      }
      const sentAtMs = clock.monotonicMs();
      const result = await prober.probe(check, signal);
      if (signal.aborted) return;
      tracked.views[index] = applyResult(tracked.views[index] ?? NEW_LOCATION, result.ok, check.failureThreshold);
      this.options.onProbe?.({ checkId: check.id, location, ok: result.ok, detail: result.detail, sentAtMs });
      this.recompute();
      next += intervalMs;
      // A request that overran its slot (only possible on a starved machine) skips the slots it missed.
      while (next < clock.monotonicMs()) next += intervalMs;
    }
  }

  private recompute(): void {
    const measured = new Map<string, boolean>();
    const checks: HealthCheck[] = [];
    for (const [id, t] of this.tracked) {
      checks.push(t.check);
      if (isEndpointCheck(t.check))
        measured.set(
          id,
          endpointHealthy(
            t.views.map((v) => v.healthy),
            this.options.healthyShare ?? HEALTHY_SHARE,
          ),
        );
    }
    const next = reportedStatuses(checks, measured);
    const atMs = this.options.clock.monotonicMs();
    for (const [id, healthy] of next) {
      if ((this.statuses.get(id) ?? true) !== healthy) this.options.onChange?.({ checkId: id, healthy, atMs });
    }
    this.statuses = next;
  }
}
