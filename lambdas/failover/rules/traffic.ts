/** Routing tables: which regions serve and with what weight, derived from the policy. */
import type { PolicyConfig, RoutingTable } from './types';

/** App regions in policy order (priority order, or the weights' key order). */
export function policyRegions(policy: PolicyConfig): string[] {
  return policy.mode === 'active-passive' ? [...policy.priority] : Object.keys(policy.weights);
}

export function servingRegions(routing: RoutingTable): string[] {
  return Object.keys(routing).filter((r) => (routing[r] ?? 0) > 0);
}

export function isServing(routing: RoutingTable, region: string): boolean {
  return (routing[region] ?? 0) > 0;
}

/** Same serving regions with the same weights (regions absent count as weight 0). */
export function sameRouting(a: RoutingTable, b: RoutingTable): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

/** Active-passive routing with `region` active. */
export function singleActive(policy: PolicyConfig, region: string): RoutingTable {
  return Object.fromEntries(policyRegions(policy).map((r) => [r, r === region ? 1 : 0]));
}

/**
 * Active-active weights over a serving set: each serving region keeps its configured share of the
 * total, and the weight of the regions left out goes to the serving ones in proportion (rounded,
 * 1–255, the Route 53 weight range).
 */
export function distribute(weights: Readonly<Record<string, number>>, serving: readonly string[]): RoutingTable {
  const regions = Object.keys(weights);
  const total = regions.reduce((sum, r) => sum + (weights[r] ?? 0), 0);
  const servingTotal = serving.reduce((sum, r) => sum + (weights[r] ?? 0), 0);
  return Object.fromEntries(
    regions.map((r) => {
      if (!serving.includes(r) || servingTotal === 0) return [r, 0];
      const share = Math.round(((weights[r] ?? 0) * total) / servingTotal);
      return [r, Math.min(255, Math.max(1, share))];
    }),
  );
}

/** Routing for a set of serving regions under the policy (active-passive: the first in priority order). */
export function routingFor(policy: PolicyConfig, serving: readonly string[]): RoutingTable {
  if (policy.mode === 'active-active') return distribute(policy.weights, serving);
  const first = policy.priority.find((r) => serving.includes(r));
  return singleActive(policy, first ?? '');
}

/** Routing before any flip: the most preferred region (active-passive) or every region (active-active). */
export function initialRouting(policy: PolicyConfig): RoutingTable {
  return routingFor(policy, policyRegions(policy));
}

/** `use1:1, usw2:0` style text for reasons and logs. */
export function describeRouting(routing: RoutingTable): string {
  const serving = servingRegions(routing);
  if (serving.length === 0) return 'nothing';
  return serving.map((r) => `${r}${routing[r] === 1 && serving.length === 1 ? '' : `=${routing[r]}`}`).join(', ');
}
