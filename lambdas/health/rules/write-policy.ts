/**
 * When a checker writes its observation of a target. Every probe would cost a DynamoDB write per
 * target per checker region every few seconds; instead a checker writes when its word changed or
 * before readers would consider it stale:
 *  - `first`: the first round of an invocation (refreshes the item and rebases `seq`);
 *  - `state`: the status changed (UNKNOWN/UP/DOWN) — the evaluator needs this at once;
 *  - `streak`: the outcome differs from the last written outcome (a failure streak starts or ends),
 *    so readers see a suspect target before it crosses the threshold;
 *  - `heartbeat`: `staleAfterIntervals − 1` intervals have passed since the last write, one interval
 *    before readers would call the item stale (leaving one interval for write latency and skew);
 *  - `last`: the invocation's last round, so the gap until the next invocation's first write stays
 *    within the heartbeat period.
 */

export type WriteReason = 'first' | 'state' | 'streak' | 'heartbeat' | 'last';

export interface WriteDecisionInput {
  /** No write of this item yet in this invocation. */
  readonly firstOfInvocation: boolean;
  readonly stateChanged: boolean;
  /** Outcome of the last written probe result; undefined when none was written. */
  readonly lastWrittenOk: boolean | undefined;
  readonly ok: boolean;
  /** Intervals (slots) since the last write of this item in this invocation. */
  readonly intervalsSinceWrite: number;
  readonly staleAfterIntervals: number;
  readonly lastRound: boolean;
}

export function heartbeatIntervals(staleAfterIntervals: number): number {
  return Math.max(1, staleAfterIntervals - 1);
}

/** The reason to write now, or undefined to skip this write. */
export function writeReason(input: WriteDecisionInput): WriteReason | undefined {
  if (input.firstOfInvocation) return 'first';
  if (input.stateChanged) return 'state';
  if (input.lastWrittenOk !== input.ok) return 'streak';
  if (input.intervalsSinceWrite >= heartbeatIntervals(input.staleAfterIntervals)) return 'heartbeat';
  if (input.lastRound) return 'last';
  return undefined;
}
