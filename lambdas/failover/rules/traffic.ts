/** Routing tables: which regions serve and with what weight, derived from the policy. */
import type { PolicyConfig, TrafficSplit } from './types';

/** App regions in policy order (priority order, or the weights' key order). */
export function policyRegions(policy: PolicyConfig): string[] {
  return policy.mode === 'active-passive' ? [...policy.priority] : Object.keys(policy.weights);
}

export function servingRegions(traffic: TrafficSplit): string[] {
  return Object.keys(traffic).filter((r) => (traffic[r] ?? 0) > 0);
}

export function isServing(traffic: TrafficSplit, region: string): boolean {
  return (traffic[region] ?? 0) > 0;
}

/** Same serving regions with the same weights (regions absent count as weight 0). */
export function sameTraffic(a: TrafficSplit, b: TrafficSplit): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}

/** Active-passive traffic with `region` active. */
export function singleActive(policy: PolicyConfig, region: string): TrafficSplit {
  return Object.fromEntries(policyRegions(policy).map((r) => [r, r === region ? 1 : 0]));
}

/**
 * Active-active weights over a serving set: each serving region keeps its configured share of the
 * total, and the weight of the regions left out goes to the serving ones in proportion (rounded,
 * 1–255, the Route 53 weight range).
 */
export function distribute(weights: Readonly<Record<string, number>>, serving: readonly string[]): TrafficSplit {
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
export function trafficFor(policy: PolicyConfig, serving: readonly string[]): TrafficSplit {
  if (policy.mode === 'active-active') return distribute(policy.weights, serving);
  const first = policy.priority.find((r) => serving.includes(r));
  return singleActive(policy, first ?? '');
}

/** Routing before any flip: the most preferred region (active-passive) or every region (active-active). */
export function initialTraffic(policy: PolicyConfig): TrafficSplit {
  return trafficFor(policy, policyRegions(policy));
}

/** `use1:1, usw2:0` style text for reasons and logs. */
export function describeTraffic(traffic: TrafficSplit): string {
  const serving = servingRegions(traffic);
  if (serving.length === 0) return 'nothing';
  return serving.map((r) => `${r}${traffic[r] === 1 && serving.length === 1 ? '' : `=${traffic[r]}`}`).join(', ');
}
