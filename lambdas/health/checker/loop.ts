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
import { appendRecent, buildObservation, summarize } from '../rules/observation';
import { alignedSlots, canStartRound, firstAlignedSlotAfter, nextSlotIndex, slotTime } from '../rules/schedule';
import { applyProbe } from '../rules/state-machine';
import type { HealthState, Observation, ProbeResult, Thresholds } from '../rules/types';
import { writeReason, type WriteReason } from '../rules/write-policy';
import type { Clock } from '../../platform/clock';
import type { ObservationStore, PutObservationResult } from '../observation-store';
import type { Prober } from '../probe/prober';
import { forEachBounded } from '../../platform/bounded';
import { silentTelemetry, type CheckerTelemetry } from './telemetry';
import { adopt, noteWritten, trackFrom, type CheckerTarget, type Track } from './track';

export type { CheckerTarget } from './track';

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
  const telemetry = options.telemetry ?? silentTelemetry;
  const tracks = await loadTracks(options, telemetry);
  return new ProbeLoop(options, telemetry, tracks).run();
}

/** Each target's track, resumed from this checker's stored items (from UNKNOWN if they cannot be read). */
async function loadTracks(options: ProbeLoopOptions, telemetry: CheckerTelemetry): Promise<Track[]> {
  const { checker, store, clock, settings } = options;
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

/** One run of the loop over its tracks: the schedule of rounds, the probes of a round and their writes. */
class ProbeLoop {
  private readonly counts = { rounds: 0, probes: 0, writes: 0, refusedWrites: 0, failedWrites: 0, stateChanges: 0 };
  private readonly deadline: number;
  private readonly writeBudget: number;
  private readonly roundTimeout: number;

  constructor(
    private readonly options: ProbeLoopOptions,
    private readonly telemetry: CheckerTelemetry,
    private readonly tracks: readonly Track[],
  ) {
    this.deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    this.writeBudget = options.writeBudgetMs ?? DEFAULT_WRITE_BUDGET_MS;
    this.roundTimeout = Math.max(...options.targets.map((t) => t.spec.timeoutMs));
  }

  async run(): Promise<ProbeLoopReport> {
    const stoppedBy = await this.runRounds();
    const states = Object.fromEntries(this.tracks.map((t) => [t.target.name, t.health]));
    return { ...this.counts, stoppedBy, states };
  }

  /** A round at once, then one per aligned slot, while a round fits before the deadline and no stop was asked. */
  private async runRounds(): Promise<ProbeLoopReport['stoppedBy']> {
    const { clock, settings, signal } = this.options;
    const plan = alignedSlots(clock.monotonicMs(), clock.wallMs(), settings.intervalMs);
    let roundStart = clock.monotonicMs();
    let slot = firstAlignedSlotAfter(plan, roundStart) - 1; // the immediate round precedes the first aligned slot
    for (;;) {
      if (signal?.aborted) return 'signal';
      if (!this.fits(roundStart)) return 'deadline';
      await this.runRound(roundStart, !this.fits(slotTime(plan, slot + 1)));
      slot = nextSlotIndex(plan, slot, clock.monotonicMs());
      roundStart = slotTime(plan, slot);
      if (!this.fits(roundStart)) return 'deadline';
      await this.sleepUntil(roundStart);
    }
  }

  private fits(start: number): boolean {
    return canStartRound(start, this.deadline, this.roundTimeout, this.writeBudget);
  }

  /** Sleeps until monotonic `at`; a stop signal ends the sleep early, and the loop then stops. */
  private async sleepUntil(at: number): Promise<void> {
    const { clock, signal } = this.options;
    try {
      const wait = at - clock.monotonicMs();
      if (wait > 0) await clock.sleep(wait, signal);
    } catch (err) {
      if (!signal?.aborted) throw err;
    }
  }

  private async runRound(start: number, lastRound: boolean): Promise<void> {
    const { checker, clock, settings } = this.options;
    const before = { probes: this.counts.probes, writes: this.counts.writes };
    let failures = 0;
    await forEachBounded(this.tracks, settings.concurrency, async (track) => {
      const ok = await this.probeOne(track, start, lastRound);
      if (!ok) failures += 1;
    });
    this.counts.rounds += 1;
    const durationMs = clock.monotonicMs() - start;
    this.telemetry.roundCompleted({ checker, round: this.counts.rounds, probes: this.counts.probes - before.probes, failures, writes: this.counts.writes - before.writes, durationMs });
  }

  /** Probes one target, runs its hysteresis and writes its observation when the write policy says so. */
  private async probeOne(track: Track, start: number, lastRound: boolean): Promise<boolean> {
    const { checker, clock, prober } = this.options;
    const startedAt = clock.wallMs();
    const attempt = await prober.probe(track.target.spec);
    const result: ProbeResult = { ...attempt, target: track.target.name, checker, startedAt };
    this.counts.probes += 1;
    const changed = this.observe(track, result);
    const reason = this.reasonToWrite(track, start, changed, attempt.ok, lastRound);
    if (reason !== undefined) await this.write(track, start, attempt.ok, reason);
    return attempt.ok;
  }

  /** Runs the target's hysteresis on one result and reports it; true if the state changed. */
  private observe(track: Track, result: ProbeResult): boolean {
    const { checker, clock, settings } = this.options;
    const transition = applyProbe(track.health, result.ok, settings, clock.wallMs());
    track.health = transition.health;
    track.recent = appendRecent(track.recent, summarize(result));
    this.telemetry.probed(result, track.health);
    if (transition.changed) {
      this.counts.stateChanges += 1;
      const { state, consecutiveFailures, consecutiveSuccesses, stateSince } = track.health;
      this.telemetry.stateChanged({ target: track.target.name, checker, from: transition.previous, to: state, at: stateSince ?? clock.wallMs(), consecutiveFailures, consecutiveSuccesses, result });
    }
    return transition.changed;
  }

  private reasonToWrite(track: Track, start: number, stateChanged: boolean, ok: boolean, lastRound: boolean): WriteReason | undefined {
    const { settings } = this.options;
    return writeReason({
      firstOfInvocation: track.lastWriteRoundStart === undefined,
      stateChanged,
      lastWrittenOk: track.lastWrittenOk,
      ok,
      intervalsSinceWrite: track.lastWriteRoundStart === undefined ? 0 : Math.round((start - track.lastWriteRoundStart) / settings.intervalMs),
      staleAfterIntervals: settings.staleAfterIntervals,
      lastRound,
    });
  }

  private async write(track: Track, start: number, ok: boolean, reason: WriteReason): Promise<void> {
    const seq = track.seq + 1;
    const observation = this.observationOf(track, seq);
    let outcome: PutObservationResult;
    try {
      outcome = await this.options.store.put(observation);
    } catch (err) {
      // The next round writes again: `lastWriteRoundStart` still points at the last good write.
      this.counts.failedWrites += 1;
      this.telemetry.problem({ kind: 'write-failed', target: track.target.name, message: `could not write the observation of ${track.target.name}: ${String(err)}`, error: err });
      return;
    }
    if (outcome.written) {
      this.counts.writes += 1;
      noteWritten(track, seq, ok, start);
      this.telemetry.wrote(track.target.name, seq, reason);
      return;
    }
    this.refused(track, seq, outcome, start);
  }

  private observationOf(track: Track, seq: number): Observation {
    const { checker, clock, settings, writer } = this.options;
    return buildObservation({
      target: track.target.name,
      checker,
      health: track.health,
      recent: track.recent,
      observedAt: clock.wallMs(),
      seq,
      intervalMs: settings.intervalMs,
      ...(writer === undefined ? {} : { writer }),
    });
  }

  /** Another invocation wrote a newer item: continue from its state and say so. */
  private refused(track: Track, seq: number, outcome: Extract<PutObservationResult, { written: false }>, start: number): void {
    this.counts.refusedWrites += 1;
    adopt(track, outcome, start);
    this.telemetry.problem({
      kind: 'write-refused',
      target: track.target.name,
      message: `observation ${track.target.name}/${this.options.checker} seq ${seq} refused: another invocation wrote seq ${outcome.currentSeq ?? '?'}; continuing from its state`,
      ...(outcome.currentSeq === undefined ? {} : { currentSeq: outcome.currentSeq }),
    });
  }
}
