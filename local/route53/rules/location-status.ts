/**
 * What one Route 53 checker location thinks of one endpoint: it changes its mind only after
 * `failureThreshold` consecutive results that disagree with its current view — the same number
 * from healthy to unhealthy and back. A new check starts healthy.
 */

export interface LocationStatus {
  readonly healthy: boolean;
  /** Consecutive results, up to now, that disagree with `healthy`. */
  readonly disagreeing: number;
}

export const NEW_LOCATION: LocationStatus = { healthy: true, disagreeing: 0 };

/** The location's view after one more request result. */
export function applyResult(status: LocationStatus, ok: boolean, failureThreshold: number): LocationStatus {
  if (ok === status.healthy) return status.disagreeing === 0 ? status : { healthy: status.healthy, disagreeing: 0 };
  const disagreeing = status.disagreeing + 1;
  return disagreeing >= failureThreshold ? { healthy: ok, disagreeing: 0 } : { healthy: status.healthy, disagreeing };
}
