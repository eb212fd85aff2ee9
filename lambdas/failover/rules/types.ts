/**
 * Vocabulary of the failover decision engine. Pure data: the controller service feeds these in and
 * executes the plans that come out; nothing here reads a clock or does I/O.
 */
import type { FailoverConfig, PolicyConfig } from '../../config/schema';

export type FailoverSettings = FailoverConfig['failover'];
export type { PolicyConfig };

import type { HealthStatus, Verdicts } from '../../health/rules';

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

/** Why an intent was recorded. `unpin` clears a pin and moves no traffic; `drill`/`drill-return` are a practice failover's two legs. */
export type FlipCause = 'failover' | 'failback' | 'pin' | 'unpin' | 'manual-failover' | 'manual-failback' | 'drill' | 'drill-return';

export interface FlipPlan {
  readonly cause: FlipCause;
  readonly from: TrafficSplit;
  readonly to: TrafficSplit;
  /** Why, in one or two sentences (goes to the audit trail and the SNS message). */
  readonly reason: string;
  /** A drill's leg: the drill it belongs to (history links the flip to the drill report). */
  readonly drillId?: string;
}

/** Why the engine decided not to flip. */
export type HoldCode = 'steady' | 'pinned' | 'unknown-verdict' | 'fail-static' | 'hold-down' | 'flap-damping' | 'failback-manual' | 'failback-dwell';

/**
 * The numbers behind a hold, for people and tools (GET /status, `failover status`): when it lifts
 * by itself, how the flap budget stands, who pinned, which regions wait or are in doubt.
 */
export interface HoldFacts {
  /** Wall-clock ms when this hold lifts by itself (hold-down, flap damping, failback dwell); absent when it waits for an event. */
  readonly until?: number;
  /** Whole seconds until `until`. */
  readonly secondsLeft?: number;
  /** Flips inside the flap window, and the most it allows. */
  readonly flipsInWindow?: number;
  readonly maxFlipsPerWindow?: number;
  /** failback-manual / failback-dwell: the recovered regions waiting to take traffic again. */
  readonly waiting?: readonly string[];
  /** pinned: the pin in force (who, where, why, since when). */
  readonly pin?: Pin;
  /** fail-static / unknown-verdict: the regions whose verdict keeps traffic where it is. */
  readonly regions?: Readonly<Record<string, HealthStatus>>;
}

export type Decision = { readonly kind: 'flip'; readonly plan: FlipPlan } | { readonly kind: 'hold'; readonly code: HoldCode; readonly detail: string; readonly facts: HoldFacts };

export interface DecisionInput {
  readonly verdicts: Verdicts;
  readonly state: DecisionState;
  readonly policy: PolicyConfig;
  readonly settings: FailoverSettings;
  /** Wall-clock ms of the decision. */
  readonly now: number;
}
