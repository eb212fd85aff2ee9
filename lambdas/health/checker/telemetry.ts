/**
 * What the probe loop reports while it runs. The Lambda and local mode plug in Powertools
 * (lambdas/health/checker); tests plug in a recorder.
 */
import type { HealthState, HealthStatus, ProbeResult } from '../rules/types';
import type { WriteReason } from '../rules/write-policy';

export interface StateChange {
  readonly target: string;
  readonly checker: string;
  readonly from: HealthStatus;
  readonly to: HealthStatus;
  /** Wall-clock ms of the change. */
  readonly at: number;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  /** The probe that crossed the threshold. */
  readonly result: ProbeResult;
}

export type CheckerProblem =
  | { readonly kind: 'load-failed'; readonly message: string; readonly error: unknown }
  | { readonly kind: 'write-failed'; readonly target: string; readonly message: string; readonly error: unknown }
  /** Another invocation of this checker wrote a newer item; the loop adopted it. */
  | { readonly kind: 'write-refused'; readonly target: string; readonly message: string; readonly currentSeq?: number };

export interface RoundSummary {
  readonly checker: string;
  readonly round: number;
  readonly probes: number;
  readonly failures: number;
  readonly writes: number;
  readonly durationMs: number;
}

export interface CheckerTelemetry {
  /** One target was probed; `health` is this checker's state after the probe. */
  probed(result: ProbeResult, health: HealthState): void;
  /** One observation was written, and why. */
  wrote(target: string, seq: number, reason: WriteReason): void;
  stateChanged(change: StateChange): void;
  roundCompleted(summary: RoundSummary): void;
  /** A problem the loop survived; the operator should know. */
  problem(problem: CheckerProblem): void;
}

export const silentTelemetry: CheckerTelemetry = {
  probed: () => undefined,
  wrote: () => undefined,
  stateChanged: () => undefined,
  roundCompleted: () => undefined,
  problem: () => undefined,
};
