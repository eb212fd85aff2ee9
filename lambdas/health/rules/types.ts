/**
 * The vocabulary of health checking, shared by probers, the per-checker state machine, the
 * observation records in DynamoDB and the quorum evaluator. Pure data: no I/O here.
 */

/** Why a probe failed. `status`, `body-mismatch` and `too-slow` mean the server answered, but wrongly. */
export type FailureReason = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'unreachable' | 'status' | 'body-mismatch' | 'too-slow' | 'error';

/** What one probe of one endpoint found, as a prober reports it. */
export interface ProbeAttempt {
  readonly ok: boolean;
  /** Set exactly when `ok` is false. */
  readonly reason?: FailureReason;
  /** One line for humans, e.g. `status 503 (expected 200–299)` or `connect ECONNREFUSED 127.0.0.1:8080`. */
  readonly detail: string;
  /** HTTP status, when a response arrived. */
  readonly status?: number;
  /** Time from the start of the probe (including DNS) to the moment the outcome was decided. */
  readonly latencyMs: number;
}

/** A probe attempt placed in context: which target, from which checker region, when. */
export interface ProbeResult extends ProbeAttempt {
  /** App region name being probed (the Observations partition key). */
  readonly target: string;
  /** Region of the checker that probed (the Observations sort key). */
  readonly checker: string;
  /** Wall-clock ms when the probe started. */
  readonly startedAt: number;
}

/**
 * Health of one target as one checker region sees it. A checker starts at UNKNOWN and leaves it only
 * when a threshold is met: `failureThreshold` failures in a row → DOWN, `recoveryThreshold`
 * successes in a row → UP. So no single blip, and no cold start, ever yields a verdict.
 */
export type HealthStatus = 'UNKNOWN' | 'UP' | 'DOWN';

export interface HealthState {
  readonly state: HealthStatus;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  /** Wall-clock ms of the last state change; undefined while the state has never changed. */
  readonly stateSince?: number;
}

export interface Thresholds {
  readonly failureThreshold: number;
  readonly recoveryThreshold: number;
}

/** A compact summary of one probe, kept in the observation's `recent` list (newest last). */
export interface RecentResult {
  /** Wall-clock ms when the probe started. */
  readonly at: number;
  readonly ok: boolean;
  readonly ms: number;
  readonly reason?: FailureReason;
  readonly status?: number;
}

/**
 * One item of the Observations table: the latest word of one checker region about one target.
 * Any region can read these and evaluate quorum itself.
 */
export interface Observation {
  /** App region name (partition key). */
  readonly target: string;
  /** Checker region (sort key). */
  readonly checker: string;
  readonly state: HealthStatus;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
  /** Wall-clock ms of the last state change, if there was one. */
  readonly stateSince?: number;
  /** Wall-clock ms when the checker wrote this item; freshness is judged by it. */
  readonly observedAt: number;
  /** Increases by at least one with every write of this item; a write with a lower or equal seq is refused. */
  readonly seq: number;
  /** The checker's probe interval, for readers that want to judge its cadence. */
  readonly intervalMs: number;
  /** The last few probe results, newest last. */
  readonly recent: readonly RecentResult[];
  /** Epoch seconds after which DynamoDB may delete the item (abandoned targets or checkers). */
  readonly expiresAt: number;
  /** Which invocation wrote the item (e.g. a Lambda request id); for people reading the table. */
  readonly writer?: string;
}

/** Quorum verdict about one app region, as the verdict source reports it. */
export interface RegionVerdict {
  readonly status: HealthStatus;
  /**
   * Wall-clock ms since when this verdict holds (the moment the quorum-th checker reached it), when
   * known. Used for the failback recovery dwell; an UP verdict without it never satisfies a dwell.
   */
  readonly since?: number;
  /**
   * DOWN only: wall-clock ms of the earliest failed probe of the failure streak behind the verdict,
   * among the agreeing checkers, while their recent results still reach back to it.
   */
  readonly firstFailureAt?: number;
  /** One sentence for logs and the audit trail. */
  readonly reason: string;
}

export type Verdicts = Readonly<Record<string, RegionVerdict>>;
