/**
 * HistoryRecorder: what the checker, the controller and the drill runner call to record what they
 * observed. It never throws into its caller and never makes it wait: each call validates the
 * event, queues it and returns; `flush()` at the end of a tick or invocation writes the queue and
 * waits for the writes, bounded by a timeout, so a slow or failing Events table can cost a Lambda
 * at most that bound and never a decision. Failures are logged and counted; a verdict whose write
 * failed is recorded again on the next tick.
 *
 * `deferred` (the default) starts the writes in `flush`; `immediate` starts each write when it is
 * recorded. bench/report.ts measured both on a flip's own State-table writes: immediate writes
 * compete with the flip's (p50 +56 % on DynamoDB Local), deferred ones add nothing to the path —
 * so the decision path defers, and a long-running loop with rare events (the checker) may choose
 * `immediate` to persist each change at once.
 */
import type { CheckerStateEvent, FlipCauseName, FlipMode, HistoryEvent, VerdictEvent } from './rules/events';
import type { HistoryEventStore, PutOutcome } from './event-store';
import { validEvent } from './codec';
import { verdictTransitions, type LastVerdict, type VerdictObservation } from './rules/verdict-transitions';
import type { DrillStepInput } from './rules/drill';
import type { Clock } from '../platform/clock';

/** A flip intent as the controller records it (structurally the controller's `FlipIntent`). */
export interface FlipIntentInput {
  readonly id: string;
  readonly plan: { readonly cause: FlipCauseName; readonly from: Readonly<Record<string, number>>; readonly to: Readonly<Record<string, number>>; readonly reason: string };
  readonly term: number;
  /** The term's number for people (`term #7`), when known. */
  readonly termNumber?: number;
  readonly actor: string;
  readonly trigger: string;
  readonly createdAt: number;
  readonly drillId?: string;
}

/** Phase 2's outcome (structurally the flipper's `ApplyResult`) and when it finished. */
export interface FlipAppliedInput {
  readonly flipId: string;
  readonly intentAt: number;
  readonly appliedAt: number;
  readonly applied: { readonly mode: FlipMode; readonly changed: boolean; readonly changeId?: string };
}

/** A completed flip (structurally the controller's flip `AuditEntry`: id, cause, from, to, timings, dns). */
export interface FlipCompletedInput {
  readonly id: string;
  readonly actor: string;
  readonly cause?: FlipCauseName;
  readonly from?: Readonly<Record<string, number>>;
  readonly to?: Readonly<Record<string, number>>;
  readonly timings?: { readonly intentAt: number; readonly appliedAt: number; readonly completedAt: number };
  readonly dns?: { readonly mode: string };
  readonly drillId?: string;
}

export type CheckerStateInput = Omit<CheckerStateEvent, 'kind'>;

export interface RecorderStats {
  readonly written: number;
  /** Already stored (a repeat of a recorded fact): success. */
  readonly existing: number;
  readonly failed: number;
  /** Refused before writing: invalid, or over `maxPending`. */
  readonly dropped: number;
}

export interface FlushReport extends RecorderStats {
  /** Writes still in flight when the bound ran out (they may still land). */
  readonly pending: number;
  readonly timedOut: boolean;
}

export interface HistoryRecorder {
  /** Every tick's verdicts; only changes are recorded. */
  verdictsObserved(observation: VerdictObservation): void;
  checkerStateChanged(change: CheckerStateInput): void;
  flipIntent(intent: FlipIntentInput): void;
  flipApplied(applied: FlipAppliedInput): void;
  flipCompleted(entry: FlipCompletedInput): void;
  drillStep(step: DrillStepInput): void;
  /** Waits for writes in flight, at most `timeoutMs`. Never rejects. */
  flush(timeoutMs?: number): Promise<FlushReport>;
}

export interface RecorderLog {
  warn(message: string, extra?: Record<string, unknown>): void;
}

export interface StoreHistoryRecorderOptions {
  readonly store: Pick<HistoryEventStore, 'put'>;
  /** Bounds `flush`. */
  readonly clock: Pick<Clock, 'sleep'>;
  readonly log?: RecorderLog;
  /** `deferred`: start the writes in `flush`; `immediate`: start each write when recorded. @default 'deferred' */
  readonly mode?: 'immediate' | 'deferred';
  /** Events queued or in flight at once; more are dropped (and counted) rather than held. @default 256 */
  readonly maxPending?: number;
  /** @default 2000 */
  readonly flushTimeoutMs?: number;
}

const NO_STATS: RecorderStats = { written: 0, existing: 0, failed: 0, dropped: 0 };

/** Recording off: every call is a no-op. */
export const noHistory: HistoryRecorder = {
  verdictsObserved: () => undefined,
  checkerStateChanged: () => undefined,
  flipIntent: () => undefined,
  flipApplied: () => undefined,
  flipCompleted: () => undefined,
  drillStep: () => undefined,
  flush: () => Promise.resolve({ ...NO_STATS, pending: 0, timedOut: false }),
};

const FLIP_MODES: readonly string[] = ['health-signal', 'dns-update'];

export class StoreHistoryRecorder implements HistoryRecorder {
  private readonly store: Pick<HistoryEventStore, 'put'>;
  private readonly clock: Pick<Clock, 'sleep'>;
  private readonly log: RecorderLog | undefined;
  private readonly deferred: boolean;
  private readonly maxPending: number;
  private readonly flushTimeoutMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private queued: Array<{ event: HistoryEvent; onFailure?: () => void }> = [];
  private readonly lastVerdicts = new Map<string, LastVerdict>();
  private stats: { -readonly [K in keyof RecorderStats]: number } = { ...NO_STATS };

  constructor(options: StoreHistoryRecorderOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.log = options.log;
    this.deferred = options.mode !== 'immediate';
    this.maxPending = options.maxPending ?? 256;
    this.flushTimeoutMs = options.flushTimeoutMs ?? 2000;
  }

  verdictsObserved(observation: VerdictObservation): void {
    this.safely('verdict', () => {
      for (const event of verdictTransitions(this.lastVerdicts, observation)) {
        const last: LastVerdict = { status: event.status, at: event.at };
        this.lastVerdicts.set(event.region, last);
        // A lost write is retried by the next tick: forget it, unless a newer verdict replaced it.
        this.record(event, () => this.forgetVerdict(event, last));
      }
    });
  }

  checkerStateChanged(change: CheckerStateInput): void {
    this.safely('checker-state', () => this.record({ kind: 'checker-state', ...change }));
  }

  flipIntent(intent: FlipIntentInput): void {
    this.safely('flip-intent', () =>
      this.record({
        kind: 'flip-intent',
        flipId: intent.id,
        intentAt: intent.createdAt,
        at: intent.createdAt,
        cause: intent.plan.cause,
        from: { ...intent.plan.from },
        to: { ...intent.plan.to },
        actor: intent.actor,
        trigger: intent.trigger,
        term: intent.term,
        ...(intent.termNumber === undefined ? {} : { termNumber: intent.termNumber }),
        reason: intent.plan.reason.slice(0, 1000),
        ...(intent.drillId === undefined ? {} : { drillId: intent.drillId }),
      }),
    );
  }

  flipApplied(input: FlipAppliedInput): void {
    this.safely('flip-applied', () =>
      this.record({
        kind: 'flip-applied',
        flipId: input.flipId,
        intentAt: input.intentAt,
        at: input.appliedAt,
        mode: input.applied.mode,
        changed: input.applied.changed,
        ...(input.applied.changeId === undefined ? {} : { changeId: input.applied.changeId }),
      }),
    );
  }

  flipCompleted(entry: FlipCompletedInput): void {
    this.safely('flip-completed', () => {
      const { timings, dns, cause, from, to } = entry;
      if (timings === undefined || dns === undefined || cause === undefined || from === undefined || to === undefined || !FLIP_MODES.includes(dns.mode)) {
        throw new Error(`flip ${entry.id} lacks its cause, routing, timings or flip mode`);
      }
      this.record({
        kind: 'flip-completed',
        flipId: entry.id,
        intentAt: timings.intentAt,
        at: timings.completedAt,
        appliedAt: timings.appliedAt,
        mode: dns.mode as FlipMode,
        cause,
        from: { ...from },
        to: { ...to },
        actor: entry.actor,
        ...(entry.drillId === undefined ? {} : { drillId: entry.drillId }),
      });
    });
  }

  drillStep(step: DrillStepInput): void {
    this.safely('drill-step', () => this.record({ kind: 'drill-step', ...step }));
  }

  async flush(timeoutMs = this.flushTimeoutMs): Promise<FlushReport> {
    const queued = this.queued;
    this.queued = [];
    for (const { event, onFailure } of queued) this.safely(event.kind, () => this.start(validEvent(event), onFailure));
    let timedOut = false;
    if (this.inFlight.size > 0) {
      const bound = new AbortController();
      const settled = Promise.allSettled([...this.inFlight]).then(() => false);
      const expired = this.clock.sleep(timeoutMs, bound.signal).then(
        () => true,
        () => false,
      );
      timedOut = await Promise.race([settled, expired]);
      bound.abort();
    }
    if (timedOut) this.log?.warn('history flush timed out; writes still in flight', { pending: this.inFlight.size, timeoutMs });
    return { ...this.stats, pending: this.inFlight.size, timedOut };
  }

  /** Runs a recording step; whatever goes wrong is logged and counted, never thrown at the caller. */
  private safely(kind: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.stats.dropped += 1;
      this.log?.warn('history event not recorded', { kind, error: (err as Error).message });
    }
  }

  private record(event: HistoryEvent, onFailure?: () => void): void {
    if (this.inFlight.size + this.queued.length >= this.maxPending) throw new Error(`more than ${this.maxPending} history writes pending`);
    // Deferred: even the validation waits for `flush`, off the caller's path (an invalid event is dropped there).
    if (this.deferred) this.queued.push({ event, ...(onFailure ? { onFailure } : {}) });
    else this.start(validEvent(event), onFailure);
  }

  private start(event: HistoryEvent, onFailure?: () => void): void {
    const write: Promise<void> = this.store
      .put(event)
      .then(
        (outcome: PutOutcome) => {
          if (outcome === 'written') this.stats.written += 1;
          else this.stats.existing += 1;
        },
        (err: unknown) => {
          this.stats.failed += 1;
          onFailure?.();
          this.log?.warn('history event write failed', { kind: event.kind, error: (err as Error)?.message ?? String(err) });
        },
      )
      .finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
  }

  private forgetVerdict(event: VerdictEvent, recorded: LastVerdict): void {
    if (this.lastVerdicts.get(event.region) === recorded) this.lastVerdicts.delete(event.region);
  }
}
