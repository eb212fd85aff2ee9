/**
 * The probe loop of one checker region: probes every target every interval until its deadline (a
 * Lambda invocation) or its stop signal (local mode), runs each target's hysteresis, writes
 * observations by the write policy, and reports through telemetry.
 *
 * State carries over between invocations through the Observations items: the loop reads this
 * checker's items at start and continues their counters and `seq` — but only while the item is
 * fresh. An item older than the staleness window (`staleAfterIntervals × intervalMs`) says
 * nothing about the target now: the loop restarts from UNKNOWN and keeps only its `seq`, so every
 * vote it writes is backed by probes made in the current window.
 */
import type { HealthCheckSpec } from '../../config/schema';
import { appendRecent, buildObservation, healthFromObservation, summarize } from '../rules/observation';
import { alignedSlots, canStartRound, firstAlignedSlotAfter, nextSlotIndex, slotTime } from '../rules/schedule';
import { applyProbe } from '../rules/state-machine';
import type { HealthState, Observation, ProbeResult, RecentResult, Thresholds } from '../rules/types';
import { writeReason } from '../rules/write-policy';
import type { Clock } from '../../platform/clock';
import type { ObservationStore, PutObservationResult } from '../observation-store';
import type { Prober } from '../probe/prober';
import { forEachBounded } from '../../platform/bounded';
import { silentTelemetry, type CheckerTelemetry } from './telemetry';

export interface CheckerTarget {
  /** App region name: the Observations partition key. */
  readonly name: string;
  readonly spec: HealthCheckSpec;
}

export interface ProbeSettings extends Thresholds {
  readonly intervalMs: number;
  readonly staleAfterIntervals: number;
  /** Probes in flight at once. */
  readonly concurrency: number;
}

export interface ProbeLoopOptions {
  /** This checker's region: the Observations sort key. */
  readonly checker: string;
  readonly targets: readonly CheckerTarget[];
  readonly settings: ProbeSettings;
  readonly prober: Prober;
  readonly store: ObservationStore;
  readonly clock: Clock;
  /** @default silentTelemetry */
  readonly telemetry?: CheckerTelemetry;
  /**
   * Monotonic ms (on `clock`) by which the loop has returned: no round starts unless its probes and
   * writes fit before it. A Lambda gets it from `deadlineFromRemaining`.
   */
  readonly deadline?: number;
  /** Stops the loop between rounds (local mode). The round in flight completes; its probes have their own deadlines. */
  readonly signal?: AbortSignal;
  /** Time reserved after the slowest probe for the observation writes. @default 1500 */
  readonly writeBudgetMs?: number;
  /** Recorded as each observation's `writer`, e.g. the Lambda request id. */
  readonly writer?: string;
}

export interface ProbeLoopReport {
  readonly rounds: number;
  readonly probes: number;
  readonly writes: number;
  readonly refusedWrites: number;
  readonly failedWrites: number;
  readonly stateChanges: number;
  readonly stoppedBy: 'deadline' | 'signal';
  /** This checker's state per target when the loop stopped. */
  readonly states: Readonly<Record<string, HealthState>>;
}

export class ProbeLoopError extends Error {
  override readonly name = 'ProbeLoopError';
}

export const DEFAULT_WRITE_BUDGET_MS = 1500;

/** Per-target memory of the loop. */
interface Track {
  readonly target: CheckerTarget;
  health: HealthState;
  recent: readonly RecentResult[];
  /** Highest seq known to be stored for this item. */
  seq: number;
  lastWrittenOk: boolean | undefined;
  /** Monotonic start of the round whose write last succeeded in this invocation. */
  lastWriteRoundStart: number | undefined;
}

/**
 * The track a stored item resumes. A stale item keeps only its seq: resuming its hysteresis would
 * re-stamp an old DOWN (or UP) with `observedAt = now` on the first write, a fresh vote no probe of
 * this window backs (an hour-old DOWN of two checkers would be a quorum DOWN of a healthy region).
 */
function trackFrom(target: CheckerTarget, stored: Observation | undefined, now: number, staleAfterMs: number): Track {
  if (stored !== undefined && now - stored.observedAt > staleAfterMs) {
    return { target, health: healthFromObservation(undefined), recent: [], seq: stored.seq, lastWrittenOk: undefined, lastWriteRoundStart: undefined };
  }
  return {
    target,
    health: healthFromObservation(stored),
    recent: stored?.recent ?? [],
    seq: stored?.seq ?? 0,
    lastWrittenOk: stored?.recent.at(-1)?.ok,
    lastWriteRoundStart: undefined,
  };
}

function validate(options: ProbeLoopOptions): void {
  const problems: string[] = [];
  if (options.deadline === undefined && options.signal === undefined) problems.push('give a deadline or a stop signal, or the loop never ends');
  if (options.targets.length === 0) problems.push('no targets to probe');
  const names = options.targets.map((t) => t.name);
  if (new Set(names).size !== names.length) problems.push(`target names must be distinct, got ${names.join(', ')}`);
  const tooSlow = options.targets.filter((t) => t.spec.timeoutMs >= options.settings.intervalMs).map((t) => t.name);
  if (tooSlow.length > 0) problems.push(`probe timeout must be below the interval (${options.settings.intervalMs} ms) for ${tooSlow.join(', ')}`);
  if (problems.length > 0) throw new ProbeLoopError(`cannot run the probe loop of ${options.checker}: ${problems.join('; ')}`);
}

export async function runProbeLoop(options: ProbeLoopOptions): Promise<ProbeLoopReport> {
  validate(options);
  const { checker, settings, prober, store, clock, signal } = options;
  const telemetry = options.telemetry ?? silentTelemetry;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const writeBudget = options.writeBudgetMs ?? DEFAULT_WRITE_BUDGET_MS;
  const roundTimeout = Math.max(...options.targets.map((t) => t.spec.timeoutMs));
  const counts = { rounds: 0, probes: 0, writes: 0, refusedWrites: 0, failedWrites: 0, stateChanges: 0 };

  const tracks = await loadTracks();
  const plan = alignedSlots(clock.monotonicMs(), clock.wallMs(), settings.intervalMs);
  const fits = (start: number): boolean => canStartRound(start, deadline, roundTimeout, writeBudget);

  let roundStart = clock.monotonicMs();
  let slot = firstAlignedSlotAfter(plan, roundStart) - 1; // the immediate round precedes the first aligned slot
  let stoppedBy: ProbeLoopReport['stoppedBy'] = 'deadline';
  for (;;) {
    if (signal?.aborted) {
      stoppedBy = 'signal';
      break;
    }
    if (!fits(roundStart)) break;
    await runRound(roundStart, !fits(slotTime(plan, slot + 1)));
    slot = nextSlotIndex(plan, slot, clock.monotonicMs());
    roundStart = slotTime(plan, slot);
    if (!fits(roundStart)) break;
    try {
      const wait = roundStart - clock.monotonicMs();
      if (wait > 0) await clock.sleep(wait, signal);
    } catch (err) {
      if (!signal?.aborted) throw err;
    }
  }
  const states = Object.fromEntries(tracks.map((t) => [t.target.name, t.health]));
  return { ...counts, stoppedBy, states };

  async function loadTracks(): Promise<Track[]> {
    let stored = new Map<string, Observation>();
    try {
      stored = await store.loadForChecker(
        checker,
        options.targets.map((t) => t.name),
      );
    } catch (err) {
      // Start from scratch: the first write is refused if a newer item exists, and the loop adopts it.
      telemetry.problem({ kind: 'load-failed', message: `could not read the previous observations of ${checker}; starting from UNKNOWN: ${String(err)}`, error: err });
    }
    const now = clock.wallMs();
    return options.targets.map((t) => trackFrom(t, stored.get(t.name), now, settings.staleAfterIntervals * settings.intervalMs));
  }

  async function runRound(start: number, lastRound: boolean): Promise<void> {
    const before = { probes: counts.probes, writes: counts.writes };
    let failures = 0;
    await forEachBounded(tracks, settings.concurrency, async (track) => {
      const ok = await probeOne(track, start, lastRound);
      if (!ok) failures += 1;
    });
    counts.rounds += 1;
    telemetry.roundCompleted({ checker, round: counts.rounds, probes: counts.probes - before.probes, failures, writes: counts.writes - before.writes, durationMs: clock.monotonicMs() - start });
  }

  async function probeOne(track: Track, start: number, lastRound: boolean): Promise<boolean> {
    const startedAt = clock.wallMs();
    const attempt = await prober.probe(track.target.spec);
    const result: ProbeResult = { ...attempt, target: track.target.name, checker, startedAt };
    counts.probes += 1;
    const transition = applyProbe(track.health, attempt.ok, settings, clock.wallMs());
    track.health = transition.health;
    track.recent = appendRecent(track.recent, summarize(result));
    telemetry.probed(result, track.health);
    if (transition.changed) {
      counts.stateChanges += 1;
      const { state, consecutiveFailures, consecutiveSuccesses, stateSince } = track.health;
      telemetry.stateChanged({ target: track.target.name, checker, from: transition.previous, to: state, at: stateSince ?? clock.wallMs(), consecutiveFailures, consecutiveSuccesses, result });
    }
    const reason = writeReason({
      firstOfInvocation: track.lastWriteRoundStart === undefined,
      stateChanged: transition.changed,
      lastWrittenOk: track.lastWrittenOk,
      ok: attempt.ok,
      intervalsSinceWrite: track.lastWriteRoundStart === undefined ? 0 : Math.round((start - track.lastWriteRoundStart) / settings.intervalMs),
      staleAfterIntervals: settings.staleAfterIntervals,
      lastRound,
    });
    if (reason !== undefined) await write(track, start, attempt.ok, reason);
    return attempt.ok;
  }

  async function write(track: Track, start: number, ok: boolean, reason: NonNullable<ReturnType<typeof writeReason>>): Promise<void> {
    const seq = track.seq + 1;
    const observation = buildObservation({
      target: track.target.name,
      checker,
      health: track.health,
      recent: track.recent,
      observedAt: clock.wallMs(),
      seq,
      intervalMs: settings.intervalMs,
      ...(options.writer === undefined ? {} : { writer: options.writer }),
    });
    let outcome: PutObservationResult;
    try {
      outcome = await store.put(observation);
    } catch (err) {
      // The next round writes again: `lastWriteRoundStart` still points at the last good write.
      counts.failedWrites += 1;
      telemetry.problem({ kind: 'write-failed', target: track.target.name, message: `could not write the observation of ${track.target.name}: ${String(err)}`, error: err });
      return;
    }
    if (outcome.written) {
      counts.writes += 1;
      track.seq = seq;
      track.lastWrittenOk = ok;
      track.lastWriteRoundStart = start;
      telemetry.wrote(track.target.name, seq, reason);
      return;
    }
    counts.refusedWrites += 1;
    adopt(track, outcome, start);
    telemetry.problem({
      kind: 'write-refused',
      target: track.target.name,
      message: `observation ${track.target.name}/${checker} seq ${seq} refused: another invocation wrote seq ${outcome.currentSeq ?? '?'}; continuing from its state`,
      ...(outcome.currentSeq === undefined ? {} : { currentSeq: outcome.currentSeq }),
    });
  }

  /**
   * Another invocation of this checker (an overlapping or duplicate EventBridge run) wrote a newer
   * item. Its state is at least as informed as ours, so continue from it rather than fight.
   */
  function adopt(track: Track, outcome: Extract<PutObservationResult, { written: false }>, start: number): void {
    if (outcome.current !== undefined) {
      track.health = healthFromObservation(outcome.current);
      track.recent = outcome.current.recent;
      track.seq = outcome.current.seq;
      track.lastWrittenOk = outcome.current.recent.at(-1)?.ok;
      track.lastWriteRoundStart = start;
    } else if (outcome.currentSeq !== undefined) {
      track.seq = Math.max(track.seq, outcome.currentSeq);
    }
  }
}
