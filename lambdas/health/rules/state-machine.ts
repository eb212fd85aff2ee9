/**
 * Hysteresis per (target, checker region): the state changes only after `failureThreshold`
 * consecutive failures (→ DOWN) or `recoveryThreshold` consecutive successes (→ UP). One blip moves a
 * counter, never the state.
 */
import type { HealthState, HealthStatus, Thresholds } from './types';

export const INITIAL_HEALTH: HealthState = { state: 'UNKNOWN', consecutiveFailures: 0, consecutiveSuccesses: 0 };

export interface HealthTransition {
  readonly health: HealthState;
  readonly previous: HealthStatus;
  readonly changed: boolean;
}

/** Applies one probe outcome observed at wall-clock `at`. */
export function applyProbe(health: HealthState, ok: boolean, thresholds: Thresholds, at: number): HealthTransition {
  const consecutiveFailures = ok ? 0 : health.consecutiveFailures + 1;
  const consecutiveSuccesses = ok ? health.consecutiveSuccesses + 1 : 0;
  let state = health.state;
  if (consecutiveFailures >= thresholds.failureThreshold) state = 'DOWN';
  else if (consecutiveSuccesses >= thresholds.recoveryThreshold) state = 'UP';
  const changed = state !== health.state;
  const stateSince = changed ? at : health.stateSince;
  const next: HealthState = stateSince === undefined ? { state, consecutiveFailures, consecutiveSuccesses } : { state, consecutiveFailures, consecutiveSuccesses, stateSince };
  return { health: next, previous: health.state, changed };
}
