/**
 * Test doubles of the controller's ports that need no emulator: a wall clock the test moves,
 * leadership by decree, a recording notifier, verdicts the test sets, and DNS records in memory.
 */
import type { Clock } from '../../../lambdas/platform/clock';
import type { LeaderTerm, Leadership } from '../../../lambdas/failover/leadership';
import type { FlipEvent, FlipNotifier } from '../../../lambdas/failover/notifier';
import type { ApplyResult, DnsFlipper } from '../../../lambdas/failover/dns-flipper';
import { sameTraffic, type TrafficSplit } from '../../../lambdas/failover/rules';
import type { HealthStatus, HysteresisProgress, RegionVerdict } from '../../../lambdas/health/rules';
import type { VerdictSnapshot, VerdictSource } from '../../../lambdas/health/verdict-source';

/** Wall clock the test moves; sleeps resolve at once (retry backoff is asserted, not waited for). */
export class TestClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public now = 1_800_000_000_000) {}
  monotonicMs(): number {
    return this.now;
  }
  wallMs(): number {
    return this.now;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    signal?.throwIfAborted();
    return Promise.resolve();
  }
  advance(ms: number): void {
    this.now += ms;
  }
}

/** Leadership decided by the test: a term (optionally with its number), or nobody. */
export class DecreedLeadership implements Leadership {
  private readonly controller = new AbortController();
  constructor(
    public term: number | undefined,
    public termNumber?: number,
  ) {}
  tryLead(): Promise<LeaderTerm | undefined> {
    if (this.term === undefined) return Promise.resolve(undefined);
    return Promise.resolve({ term: this.term, ...(this.termNumber !== undefined ? { termNumber: this.termNumber } : {}), signal: this.controller.signal });
  }
  depose(): void {
    this.controller.abort(new Error('deposed'));
  }
}

export class RecordingNotifier implements FlipNotifier {
  readonly events: FlipEvent[] = [];
  /** While set, `flipped` rejects with it (SNS down). */
  failing: Error | undefined;
  flipped(event: FlipEvent): Promise<void> {
    if (this.failing) return Promise.reject(this.failing);
    this.events.push(event);
    return Promise.resolve();
  }
}

/** Quorum verdicts the test sets per region (UNKNOWN until set). */
export class SetVerdicts implements VerdictSource {
  private readonly current = new Map<string, RegionVerdict>();
  /** Hysteresis progress to report per region (as the quorum source computes it from observations). */
  progress: Record<string, readonly HysteresisProgress[]> = {};
  constructor(private readonly clock: Pick<Clock, 'wallMs'>) {}
  set(region: string, status: HealthStatus, since = this.clock.wallMs()): void {
    this.current.set(region, { status, reason: `test ${status}`, since });
  }
  verdicts(regions: readonly string[]): Promise<VerdictSnapshot> {
    const verdicts = Object.fromEntries(regions.map((r) => [r, this.current.get(r) ?? { status: 'UNKNOWN' as const, reason: 'not set' }]));
    return Promise.resolve({ verdicts, ...(Object.keys(this.progress).length > 0 ? { progress: this.progress } : {}) });
  }
}

/**
 * DNS records in memory (dns-update mode): `apply` replaces them, `matches` compares. Hooks let a
 * test act at the instant a writer reads or writes the records, or make applying fail.
 */
export class MemoryDns implements DnsFlipper {
  readonly mode = 'dns-update' as const;
  readonly applied: { traffic: TrafficSplit; flipId: string }[] = [];
  /** While set, `apply` rejects with it (Route 53 impaired). */
  failing: Error | undefined;
  beforeMatches: (() => Promise<void>) | undefined;
  constructor(public records: TrafficSplit) {}
  async apply(traffic: TrafficSplit, flipId: string): Promise<ApplyResult> {
    if (this.failing) throw this.failing;
    const changed = !sameTraffic(this.records, traffic);
    this.records = traffic;
    this.applied.push({ traffic, flipId });
    return { mode: 'dns-update', changed, attempts: 1 };
  }
  async matches(traffic: TrafficSplit): Promise<boolean> {
    const hook = this.beforeMatches;
    this.beforeMatches = undefined;
    await hook?.();
    return sameTraffic(this.records, traffic);
  }
}
