/**
 * Vocabulary of the failover decision engine. Pure data: the controller service feeds these in and
 * executes the plans that come out; nothing here reads a clock or does I/O.
 */
import type { FailoverConfig, PolicyConfig } from '../../config/schema';

export type FailoverSettings = FailoverConfig['failover'];
export type { PolicyConfig };

import type { Verdicts } from '../../health/rules';

export type { RegionVerdict, Verdicts } from '../../health/rules';

/**
 * Traffic weight per app region. A region with weight > 0 serves traffic. Active-passive traffic has
 * exactly one serving region (weight 1); active-active uses the configured weights (1–255),
 * redistributed over the serving regions.
 */
export type TrafficSplit = Readonly<Record<string, number>>;

/** An operator's override: traffic stays on this region until the pin is cleared. */
export interface Pin {
  readonly region: string;
  readonly reason: string;
  readonly actor: string;
  /** Wall-clock ms. */
  readonly at: number;
}

/** The controller state the decision reads. */
export interface DecisionState {
  readonly traffic: TrafficSplit;
  /** Wall-clock ms of recent flips (any order); the newest one starts the hold-down. */
  readonly flipTimes: readonly number[];
  readonly pin?: Pin;
}

export type FlipCause = 'failover' | 'failback' | 'pin' | 'manual-failover' | 'manual-failback';

export interface FlipPlan {
  readonly cause: FlipCause;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  /** Why, in one or two sentences (goes to the audit trail and the SNS message). */
  readonly reason: string;
}

/** Why the engine decided not to flip. */
export type HoldCode =
  | 'steady'
  | 'pinned'
  | 'unknown-verdict'
  | 'fail-static'
  | 'hold-down'
  | 'flap-damping'
  | 'failback-manual'
  | 'failback-dwell';

export type Decision =
  | { readonly kind: 'flip'; readonly plan: FlipPlan }
  | { readonly kind: 'hold'; readonly code: HoldCode; readonly detail: string };

export interface DecisionInput {
  readonly verdicts: Verdicts;
  readonly state: DecisionState;
  readonly policy: PolicyConfig;
  readonly settings: FailoverSettings;
  /** Wall-clock ms of the decision. */
  readonly now: number;
}
