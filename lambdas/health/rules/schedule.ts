/**
 * Scheduling math of the probe loop. EventBridge fires at most once a minute, so one invocation
 * probes every `intervalMs` until shortly before its deadline.
 *
 * Rounds after the first start on wall-clock multiples of the interval (…:00, :05, :10 for 5 s), so
 * checkers in different regions probe at nearly the same instants: a failure is then seen by all of
 * them within one probe latency, and a quorum DOWN follows about (threshold − 1) intervals after the
 * first failed probe instead of up to a whole interval later. Times here are on the caller's
 * monotonic clock; the wall clock is read only to find the phase.
 */

export interface SlotPlan {
  /** Monotonic ms of slot 0. */
  readonly firstSlot: number;
  readonly intervalMs: number;
}

/** Slot 0 is the next wall-clock multiple of the interval (now, if the wall clock is exactly on one). */
export function alignedSlots(monotonicNow: number, wallNow: number, intervalMs: number): SlotPlan {
  const phase = ((wallNow % intervalMs) + intervalMs) % intervalMs;
  const wait = phase === 0 ? 0 : intervalMs - phase;
  return { firstSlot: monotonicNow + wait, intervalMs };
}

export function slotTime(plan: SlotPlan, index: number): number {
  return plan.firstSlot + index * plan.intervalMs;
}

/**
 * The next slot to run after slot `previous` (−1 before any) that starts no earlier than
 * `notBefore`: slots already in the past are skipped rather than run back to back, so a slow round
 * never causes a burst of probes.
 */
export function nextSlotIndex(plan: SlotPlan, previous: number, notBefore: number): number {
  const firstNotPast = Math.ceil((notBefore - plan.firstSlot) / plan.intervalMs);
  return Math.max(previous + 1, firstNotPast, 0);
}

/**
 * The loop probes once right away (a fresh invocation should refresh its observations at once) and
 * then joins the aligned slots. The first aligned round starts at least half an interval after the
 * immediate one, so two rounds never run almost back to back and count twice towards a threshold.
 */
export function firstAlignedSlotAfter(plan: SlotPlan, immediateStart: number): number {
  return nextSlotIndex(plan, -1, immediateStart + plan.intervalMs / 2);
}

/**
 * A round may start at `start` only if it can finish by the deadline: its slowest probe takes at most
 * `probeTimeoutMs`, and its observation writes get `writeBudgetMs` more.
 */
export function canStartRound(start: number, deadline: number, probeTimeoutMs: number, writeBudgetMs: number): boolean {
  return start + probeTimeoutMs + writeBudgetMs <= deadline;
}

/**
 * The loop's deadline from a Lambda context: the remaining time minus a safety margin for flushing
 * metrics and returning (the Lambda would otherwise be killed mid-write).
 */
export function deadlineFromRemaining(monotonicNow: number, remainingMs: number, safetyMarginMs: number): number {
  return monotonicNow + Math.max(0, remainingMs - safetyMarginMs);
}
