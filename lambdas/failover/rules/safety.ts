/**
 * Safety rules shared by automatic decisions: hold-down and flap damping. The readiness gate and
 * the last-healthy-target rule live in the decision itself (they pick the target); `checkPlanSafety`
 * re-checks any plan, including operator ones, before it is executed.
 */
import type { FailoverSettings, HoldCode, TrafficSplit, Verdicts } from './types';
import { servingRegions } from './traffic';

export interface Blocked {
  readonly code: Extract<HoldCode, 'hold-down' | 'flap-damping'>;
  readonly detail: string;
}

/** Why an automatic flip may not happen now, or undefined when it may. */
export function automaticFlipBlocked(flipTimes: readonly number[], settings: FailoverSettings, now: number): Blocked | undefined {
  const last = flipTimes.length > 0 ? Math.max(...flipTimes) : undefined;
  const holdDownMs = settings.holdDownSeconds * 1000;
  if (last !== undefined && now - last < holdDownMs) {
    const left = Math.ceil((holdDownMs - (now - last)) / 1000);
    return { code: 'hold-down', detail: `last flip ${Math.round((now - last) / 1000)} s ago; hold-down is ${settings.holdDownSeconds} s (${left} s left)` };
  }
  const windowMs = settings.flapWindowSeconds * 1000;
  const recent = flipTimes.filter((t) => now - t < windowMs).length;
  if (recent >= settings.maxFlipsPerWindow) {
    return { code: 'flap-damping', detail: `${recent} flips in the last ${settings.flapWindowSeconds} s (max ${settings.maxFlipsPerWindow}); automation is paused until the window passes or an operator acts` };
  }
  return undefined;
}

/** Flip times still inside the flap window, newest last: what the state needs to keep. */
export function pruneFlipTimes(flipTimes: readonly number[], settings: FailoverSettings, now: number): number[] {
  const windowMs = Math.max(settings.flapWindowSeconds, settings.holdDownSeconds) * 1000;
  return flipTimes.filter((t) => now - t < windowMs).sort((a, b) => a - b).slice(-100);
}

export type PlanViolation = { readonly rule: 'empty-traffic' | 'readiness-gate'; readonly detail: string };

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
