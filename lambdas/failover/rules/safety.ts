/**
 * Safety rules shared by automatic decisions: hold-down and flap damping (they damp failback and
 * re-entry, never the evacuation of a DOWN region). The readiness gate and the last-healthy-target
 * rule live in the decision itself (they pick the target); `checkPlanSafety` re-checks any plan,
 * including operator ones, before it is executed, and `checkIntentStillValid` re-checks a recorded
 * plan against the verdicts of the moment it is rolled forward.
 */
import type { FailoverSettings, FlipPlan, HoldCode, HoldFacts, TrafficSplit, Verdicts } from './types';
import { sameTraffic, servingRegions } from './traffic';

export interface Blocked {
  readonly code: Extract<HoldCode, 'hold-down' | 'flap-damping'>;
  readonly detail: string;
  readonly facts: HoldFacts;
}

/** When the oldest flips leave the window so that fewer than the maximum remain inside it. */
function flapWindowLiftsAt(recent: readonly number[], settings: FailoverSettings): number {
  const sorted = [...recent].sort((a, b) => a - b);
  const mustLeave = sorted.length - settings.maxFlipsPerWindow + 1;
  return (sorted[mustLeave - 1] ?? 0) + settings.flapWindowSeconds * 1000;
}

/** Why an automatic flip (other than an evacuation) may not happen now, or undefined when it may. */
export function automaticFlipBlocked(flipTimes: readonly number[], settings: FailoverSettings, now: number): Blocked | undefined {
  const last = flipTimes.length > 0 ? Math.max(...flipTimes) : undefined;
  const holdDownMs = settings.holdDownSeconds * 1000;
  if (last !== undefined && now - last < holdDownMs) {
    const until = last + holdDownMs;
    const left = Math.ceil((until - now) / 1000);
    return { code: 'hold-down', detail: `last flip ${Math.round((now - last) / 1000)} s ago; hold-down is ${settings.holdDownSeconds} s (${left} s left)`, facts: { until, secondsLeft: left } };
  }
  const windowMs = settings.flapWindowSeconds * 1000;
  const recent = flipTimes.filter((t) => now - t < windowMs);
  if (recent.length >= settings.maxFlipsPerWindow) {
    const until = flapWindowLiftsAt(recent, settings);
    return {
      code: 'flap-damping',
      detail: `${recent.length} flips in the last ${settings.flapWindowSeconds} s (max ${settings.maxFlipsPerWindow}); automation is paused until ${new Date(until).toISOString()} or an operator acts`,
      facts: { until, secondsLeft: Math.ceil((until - now) / 1000), flipsInWindow: recent.length, maxFlipsPerWindow: settings.maxFlipsPerWindow },
    };
  }
  return undefined;
}

/** Flip times still inside the flap window, newest last: what the state needs to keep. */
export function pruneFlipTimes(flipTimes: readonly number[], settings: FailoverSettings, now: number): number[] {
  const windowMs = Math.max(settings.flapWindowSeconds, settings.holdDownSeconds) * 1000;
  return flipTimes
    .filter((t) => now - t < windowMs)
    .sort((a, b) => a - b)
    .slice(-100);
}

export type PlanViolation = { readonly rule: 'empty-traffic' | 'readiness-gate' | 'fail-static'; readonly detail: string };

/**
 * Rules every plan must meet: something serves afterwards, and every region that starts serving has
 * an UP verdict (the readiness gate; an operator may `force` past it, never past an empty traffic).
 */
export function checkPlanSafety(from: TrafficSplit, to: TrafficSplit, verdicts: Verdicts, force = false): PlanViolation | undefined {
  const serving = servingRegions(to);
  if (serving.length === 0) return { rule: 'empty-traffic', detail: 'the plan leaves no region serving' };
  if (force) return undefined;
  const notReady = serving.filter((r) => (from[r] ?? 0) === 0 && verdicts[r]?.status !== 'UP');
  if (notReady.length > 0) {
    return { rule: 'readiness-gate', detail: `${notReady.map((r) => `${r} is ${verdicts[r]?.status ?? 'UNKNOWN'}`).join(', ')}; traffic only moves into regions with an UP quorum verdict` };
  }
  return undefined;
}

/** Share of the total weight (0 when nothing serves). */
export function shareOf(traffic: TrafficSplit, region: string): number {
  const total = Object.values(traffic).reduce((sum, w) => sum + Math.max(0, w), 0);
  return total > 0 ? Math.max(0, traffic[region] ?? 0) / total : 0;
}

/**
 * Whether a recorded intent may still be applied now, from the traffic in force to the plan's
 * target, under the verdicts of this moment (an intent can wait minutes for Route 53, and regions
 * change meanwhile): every region gaining share must be UP (readiness gate), and some region
 * serving afterwards must be UP (fail-static). A forced operator plan skips both, as it did when
 * it was made. Undefined when it is still valid.
 */
export function checkIntentStillValid(current: TrafficSplit, plan: Pick<FlipPlan, 'to'>, verdicts: Verdicts, force = false): PlanViolation | undefined {
  // A pin or unpin that moves no traffic is valid whatever the verdicts.
  if (sameTraffic(current, plan.to)) return undefined;
  const serving = servingRegions(plan.to);
  if (serving.length === 0) return { rule: 'empty-traffic', detail: 'the plan leaves no region serving' };
  if (force) return undefined;
  const status = (r: string): string => verdicts[r]?.status ?? 'UNKNOWN';
  const gaining = serving.filter((r) => shareOf(plan.to, r) > shareOf(current, r) && status(r) !== 'UP');
  if (gaining.length > 0) return { rule: 'readiness-gate', detail: `${gaining.map((r) => `${r} is ${status(r)}`).join(', ')} now; traffic only moves into regions with an UP quorum verdict` };
  if (!serving.some((r) => status(r) === 'UP')) return { rule: 'fail-static', detail: `no region it serves is UP now (${serving.map((r) => `${r} ${status(r)}`).join(', ')})` };
  return undefined;
}
