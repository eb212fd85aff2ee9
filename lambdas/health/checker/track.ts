/**
 * The probe loop's memory of one target: its hysteresis, recent results and the `seq` of its
 * Observations item, resumed from the stored item and updated by probes and writes.
 */
import { healthFromObservation } from '../rules/observation';
import type { HealthState, Observation, RecentResult } from '../rules/types';
import type { PutObservationResult } from '../observation-store';
import type { HealthCheckSpec } from '../../config/schema';

export interface CheckerTarget {
  /** App region name: the Observations partition key. */
  readonly name: string;
  readonly spec: HealthCheckSpec;
}

/** Per-target memory of the loop. */
export interface Track {
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
export function trackFrom(target: CheckerTarget, stored: Observation | undefined, now: number, staleAfterMs: number): Track {
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

/** The write of round `start` landed as `seq`. */
export function noteWritten(track: Track, seq: number, ok: boolean, start: number): void {
  track.seq = seq;
  track.lastWrittenOk = ok;
  track.lastWriteRoundStart = start;
}

/**
 * Another invocation of this checker (an overlapping or duplicate EventBridge run) wrote a newer
 * item. Its state is at least as informed as ours, so continue from it rather than fight.
 */
export function adopt(track: Track, outcome: Extract<PutObservationResult, { written: false }>, start: number): void {
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
