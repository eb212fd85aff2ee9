/** Routing-table inputs that come from the service config and the controller's active set. */
import type { FailoverConfig, PolicyConfig } from '../config/schema';
import type { Member, RingOptions } from './ring';
import type { RouteTableChange } from './next';

/**
 * Ring members from the failover policy: active-active regions with their configured weights;
 * active-passive regions with equal weights (the policy's priority decides the write primary, not
 * how keys are spread for reads).
 */
export function membersFromPolicy(policy: PolicyConfig): Member[] {
  if (policy.mode === 'active-active') return Object.entries(policy.weights).map(([id, weight]) => ({ id, weight }));
  return policy.priority.map((id) => ({ id, weight: 1 }));
}

/** Members and ring options (`routing.epsilon`) for `nextRouteTable`. */
export function routingInputsFromConfig(config: Pick<FailoverConfig, 'policy' | 'routing'>): { members: Member[]; ring: RingOptions } {
  return { members: membersFromPolicy(config.policy), ring: { epsilon: config.routing.epsilon } };
}

export interface ActiveSetChange {
  /** The controller's traffic weights per region (weight > 0: serving), e.g. `ControllerState.routing`. */
  readonly weights: Readonly<Record<string, number>>;
  /** Members healthy for reads. @default the serving regions */
  readonly healthy?: Iterable<string>;
  readonly at: number;
  readonly by: string;
  readonly reason: string;
}

/**
 * The `RouteTableChange` for the controller's active set: members and epsilon from the config, the
 * write primary = the serving region with the largest weight (ties and an empty active set go to
 * the earlier region in policy order), healthy = the serving regions unless given.
 */
export function routeTableChangeFromActiveSet(config: Pick<FailoverConfig, 'policy' | 'routing'>, change: ActiveSetChange): RouteTableChange {
  const { members, ring } = routingInputsFromConfig(config);
  const order = members.map((m) => m.id);
  const serving = order.filter((id) => (change.weights[id] ?? 0) > 0);
  let primary = serving[0] ?? order[0] ?? '';
  for (const id of serving) if ((change.weights[id] ?? 0) > (change.weights[primary] ?? 0)) primary = id;
  return { members, ring, primary, healthy: change.healthy ?? serving, at: change.at, by: change.by, reason: change.reason };
}
