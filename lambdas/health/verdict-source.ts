/**
 * Quorum verdicts per app region, as the controller consumes them. Implementation over the
 * Observations table and the health core's `evaluateQuorum`: lambdas/health/quorum-verdicts.ts.
 */
import type { CheckerView, HysteresisProgress, Verdicts } from './rules';

export interface VerdictSnapshot {
  readonly verdicts: Verdicts;
  /** Wall-clock ms of the newest fresh observation that went into the verdicts (for decision latency). */
  readonly newestObservationAt?: number;
  /** Per checker region: age (ms) of its newest observation of any target; absent = never heard from. */
  readonly checkerAgesMs?: Readonly<Record<string, number>>;
  /** Wall-clock ms the verdicts were evaluated at. */
  readonly evaluatedAt?: number;
  /** Per app region: each configured checker region's view (freshness, state), for the event history. */
  readonly checkers?: Readonly<Record<string, readonly CheckerView[]>>;
  /** Per app region: where hysteresis stands while checkers are counting toward DOWN or UP (absent: nothing counting). */
  readonly progress?: Readonly<Record<string, readonly HysteresisProgress[]>>;
}

export interface VerdictSource {
  /** Verdicts for these app regions, evaluated now; a region nobody wrote about is UNKNOWN. */
  verdicts(regions: readonly string[]): Promise<VerdictSnapshot>;
}
