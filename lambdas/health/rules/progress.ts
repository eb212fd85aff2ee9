/**
 * Where hysteresis stands across checker regions while it is counting: for a target whose quorum
 * verdict is not (yet) DOWN, how many fresh checkers are DOWN or on a failure streak toward it,
 * against the quorum — and the same toward UP. "2 of 2 checkers toward DOWN (us-east-1 2/3
 * failures)" tells an operator a verdict is about to change and why automation still holds.
 */
import { evaluateQuorum, type QuorumInput, type QuorumOptions } from './quorum';
import type { Observation, Thresholds } from './types';

export interface CheckerStreak {
  readonly checker: string;
  /** Consecutive failures (toward DOWN) or successes (toward UP) so far. */
  readonly count: number;
  /** What the streak must reach to change that checker's state. */
  readonly threshold: number;
}

export interface HysteresisProgress {
  readonly toward: 'DOWN' | 'UP';
  /** Fresh checkers already there or counting toward it. */
  readonly checkers: number;
  /** Checkers that must agree for the verdict to change. */
  readonly quorum: number;
  /** The checkers still counting, with their streaks. */
  readonly streaks: readonly CheckerStreak[];
}

export type ProgressInput = QuorumInput & Pick<Observation, 'consecutiveFailures' | 'consecutiveSuccesses'>;

/** Progress toward DOWN and toward UP for one target's observations; empty while nothing is counting. */
export function hysteresisProgress(observations: readonly ProgressInput[], options: QuorumOptions, thresholds: Thresholds): HysteresisProgress[] {
  const result = evaluateQuorum(observations, options);
  const fresh = result.perChecker.filter((c) => c.freshness === 'fresh').map((c) => c.checker);
  const latest = new Map<string, ProgressInput>();
  for (const o of observations) {
    const seen = latest.get(o.checker);
    if (fresh.includes(o.checker) && (seen === undefined || o.seq > seen.seq)) latest.set(o.checker, o);
  }
  const toward = (target: 'DOWN' | 'UP'): HysteresisProgress | undefined => {
    if (result.verdict === target) return undefined;
    const rows = [...latest.values()];
    const streaks = rows
      .filter((o) => o.state !== target && (target === 'DOWN' ? o.consecutiveFailures : o.consecutiveSuccesses) > 0)
      .map((o) => ({
        checker: o.checker,
        count: target === 'DOWN' ? o.consecutiveFailures : o.consecutiveSuccesses,
        threshold: target === 'DOWN' ? thresholds.failureThreshold : thresholds.recoveryThreshold,
      }));
    if (streaks.length === 0) return undefined;
    const there = rows.filter((o) => o.state === target).length;
    return { toward: target, checkers: there + streaks.length, quorum: result.quorum, streaks };
  };
  return [toward('DOWN'), toward('UP')].filter((p): p is HysteresisProgress => p !== undefined);
}
