/**
 * The status Route 53 reports for every health check: endpoint checks from their locations (the
 * 18% rule), calculated checks from their children's reported statuses, then disabling and inversion.
 */
import type { CalculatedCheck, HealthCheck } from './types';

/** Healthy when at least `healthThreshold` children are: 0 ⇒ always; more than there are children ⇒ never. */
export function calculatedHealthy(children: readonly boolean[], healthThreshold: number): boolean {
  if (healthThreshold <= 0) return true;
  if (healthThreshold > children.length) return false;
  return children.filter(Boolean).length >= healthThreshold;
}

/** What Route 53 reports for a check whose measured health is `measured`. */
export function reported(check: Pick<HealthCheck, 'disabled' | 'inverted'>, measured: boolean): boolean {
  const base = check.disabled ? true : measured;
  return check.inverted ? !base : base;
}

/**
 * @param measuredEndpoints the 18%-rule result per endpoint check id; a check not in the map has
 *        no data yet and counts as healthy.
 * @returns the reported status of every check. A calculated check's child that does not exist
 *          counts as unhealthy (it cannot vouch for anything); a calculated check never monitors
 *          another calculated check in Route 53, and such a child counts as unhealthy here too.
 */
export function reportedStatuses(checks: readonly HealthCheck[], measuredEndpoints: ReadonlyMap<string, boolean>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const calculated: CalculatedCheck[] = [];
  for (const check of checks) {
    if (check.type === 'CALCULATED') calculated.push(check);
    else out.set(check.id, reported(check, measuredEndpoints.get(check.id) ?? true));
  }
  for (const check of calculated) {
    const children = check.children.map((id) => out.get(id) ?? false);
    out.set(check.id, reported(check, calculatedHealthy(children, check.healthThreshold)));
  }
  return out;
}
