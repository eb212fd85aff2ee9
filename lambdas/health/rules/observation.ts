/** Building Observation items from the state machine and recent probe results. */
import type { HealthState, Observation, ProbeResult, RecentResult } from './types';
import { INITIAL_HEALTH } from './state-machine';

/** How many recent results an item keeps: enough for a person to see a streak, small enough for one 1 KB write unit. */
export const RECENT_RESULTS = 8;

/**
 * Items expire a day after their last write. Freshness is judged by `observedAt`, not by TTL (DynamoDB
 * deletes expired items lazily); TTL only clears out targets and checker regions that were removed.
 */
export const OBSERVATION_TTL_SECONDS = 86_400;

export function summarize(result: ProbeResult): RecentResult {
  return {
    at: result.startedAt,
    ok: result.ok,
    ms: Math.round(result.latencyMs),
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.status === undefined ? {} : { status: result.status }),
  };
}

/** Appends, keeping the newest `max` entries. */
export function appendRecent(recent: readonly RecentResult[], entry: RecentResult, max = RECENT_RESULTS): RecentResult[] {
  const next = [...recent, entry];
  return next.length > max ? next.slice(next.length - max) : next;
}

/** The state machine state carried over from a stored observation (or the initial one). */
export function healthFromObservation(observation: Observation | undefined): HealthState {
  if (observation === undefined) return INITIAL_HEALTH;
  const base: HealthState = { state: observation.state, consecutiveFailures: observation.consecutiveFailures, consecutiveSuccesses: observation.consecutiveSuccesses };
  return observation.stateSince === undefined ? base : { ...base, stateSince: observation.stateSince };
}

export interface ObservationParts {
  readonly target: string;
  readonly checker: string;
  readonly health: HealthState;
  readonly recent: readonly RecentResult[];
  readonly observedAt: number;
  readonly seq: number;
  readonly intervalMs: number;
  readonly writer?: string;
}

export function buildObservation(parts: ObservationParts): Observation {
  const { health } = parts;
  return {
    target: parts.target,
    checker: parts.checker,
    state: health.state,
    consecutiveFailures: health.consecutiveFailures,
    consecutiveSuccesses: health.consecutiveSuccesses,
    ...(health.stateSince === undefined ? {} : { stateSince: health.stateSince }),
    observedAt: parts.observedAt,
    seq: parts.seq,
    intervalMs: parts.intervalMs,
    recent: parts.recent,
    expiresAt: Math.floor(parts.observedAt / 1000) + OBSERVATION_TTL_SECONDS,
    ...(parts.writer === undefined ? {} : { writer: parts.writer }),
  };
}
