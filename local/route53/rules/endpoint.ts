/**
 * An endpoint check is healthy when more than 18% of the checker locations report it healthy
 * (Route 53 Developer Guide, "How Route 53 determines whether a health check is healthy"; the
 * guide says the share "might change in a future release").
 */

export const HEALTHY_SHARE = 0.18;

/** `locations`: each location's current view. No location has reported yet ⇒ healthy (a new check). */
export function endpointHealthy(locations: readonly boolean[], healthyShare = HEALTHY_SHARE): boolean {
  if (locations.length === 0) return true;
  const healthy = locations.filter(Boolean).length;
  return healthy / locations.length > healthyShare;
}
