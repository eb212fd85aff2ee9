/**
 * Operator actions as pure plans. They bypass hold-down and flap damping (a person decided) but
 * not the readiness gate unless forced, and never leave nothing serving.
 */
import { ManualActionError } from './errors';
import { describeTraffic, distribute, policyRegions, trafficFor, sameTraffic, singleActive } from './traffic';
import { checkPlanSafety } from './safety';
import type { DecisionState, FlipCause, FlipPlan, PolicyConfig, TrafficSplit, Verdicts } from './types';

export interface ManualInput {
  readonly verdicts: Verdicts;
  readonly state: DecisionState;
  readonly policy: PolicyConfig;
}

export interface ManualOptions {
  /** Skip the readiness gate (move traffic into a region without an UP verdict). */
  readonly force?: boolean;
}

function requireRegion(policy: PolicyConfig, region: string): void {
  const regions = policyRegions(policy);
  if (!regions.includes(region)) throw new ManualActionError('unknown-region', `${region} is not an app region; expected one of ${regions.join(', ')}`);
}

function requireUnpinned(state: DecisionState, action: string): void {
  if (state.pin) {
    throw new ManualActionError('pinned', `traffic is pinned to ${state.pin.region} by ${state.pin.actor} (${state.pin.reason}); clear the pin (DELETE /pin) before ${action}`);
  }
}

/** Routing with all traffic on one region. */
export function routingOnto(policy: PolicyConfig, region: string): TrafficSplit {
  return policy.mode === 'active-passive' ? singleActive(policy, region) : distribute(policy.weights, [region]);
}

/** A plan, or undefined when the traffic already is the target. Throws ManualActionError when unsafe. */
function plan(input: ManualInput, cause: FlipCause, to: TrafficSplit, reason: string, options: ManualOptions): FlipPlan | undefined {
  if (sameTraffic(to, input.state.traffic)) return undefined;
  const violation = checkPlanSafety(input.state.traffic, to, input.verdicts, options.force);
  if (violation) {
    throw new ManualActionError(
      violation.rule === 'readiness-gate' ? 'not-ready' : 'no-healthy-target',
      `refused ${cause} to ${describeTraffic(to)}: ${violation.detail}${violation.rule === 'readiness-gate' ? ' (pass force to override)' : ''}`,
    );
  }
  return { cause, from: input.state.traffic, to, reason };
}

/** Moves all traffic to `to`. */
export function planManualFailover(input: ManualInput, to: string, reason: string, options: ManualOptions = {}): FlipPlan | undefined {
  requireRegion(input.policy, to);
  requireUnpinned(input.state, 'a manual failover');
  return plan(input, 'manual-failover', routingOnto(input.policy, to), reason, options);
}

/** Returns traffic to the policy's preference over the UP regions (all regions when forced). */
export function planManualFailback(input: ManualInput, reason: string, options: ManualOptions = {}): FlipPlan | undefined {
  requireUnpinned(input.state, 'a failback');
  const regions = policyRegions(input.policy);
  const eligible = options.force ? regions : regions.filter((r) => input.verdicts[r]?.status === 'UP');
  if (eligible.length === 0) throw new ManualActionError('no-healthy-target', `refused failback: no region is UP (${regions.map((r) => `${r} ${input.verdicts[r]?.status ?? 'UNKNOWN'}`).join(', ')})`);
  return plan(input, 'manual-failback', trafficFor(input.policy, eligible), reason, options);
}

/** Moves traffic onto the pinned region (if it is not there) — the flip that accompanies setting a pin. */
export function planPin(input: ManualInput, region: string, reason: string, options: ManualOptions = {}): FlipPlan | undefined {
  requireRegion(input.policy, region);
  return plan(input, 'pin', routingOnto(input.policy, region), reason, options);
}
