/**
 * Which quorum verdicts are news. The leader evaluates verdicts on every tick; only a change of a
 * region's verdict is recorded. An UP/DOWN verdict is dated by its `since` (the moment the
 * quorum-th checker reached it), which every evaluator computes identically, so a new leader or a
 * cold start that records the same transition again writes the same key (a no-op). UNKNOWN has no
 * such date and is dated by the evaluation; a repeat then lands at a later time, and the timeline
 * collapses consecutive equal verdicts (`rules/timeline.ts`).
 */
import type { CheckerVote, VerdictEvent } from './events';

type Status = VerdictEvent['status'];

/** A checker's view as the quorum evaluator reports it (extra fields such as age and seq are ignored). */
export interface CheckerViewInput {
  readonly checker: string;
  readonly freshness: CheckerVote['freshness'];
  readonly state?: Status;
}

export interface RegionVerdictInput {
  readonly status: Status;
  readonly since?: number;
  readonly reason: string;
  /** Per checker region, in configuration order. */
  readonly checkers?: readonly CheckerViewInput[];
}

export interface VerdictObservation {
  /** Wall-clock ms of the evaluation. */
  readonly evaluatedAt: number;
  /** Who evaluated, e.g. `controller@us-east-1 (term 7)`. */
  readonly by: string;
  readonly verdicts: Readonly<Record<string, RegionVerdictInput>>;
}

export interface LastVerdict {
  readonly status: Status;
  readonly at: number;
}

/** When a verdict began: the quorum's `since` for UP/DOWN, else the evaluation time. */
export function verdictAt(verdict: RegionVerdictInput, evaluatedAt: number): number {
  return verdict.status !== 'UNKNOWN' && verdict.since !== undefined && verdict.since <= evaluatedAt ? verdict.since : evaluatedAt;
}

function votes(checkers: readonly CheckerViewInput[] | undefined): CheckerVote[] {
  return (checkers ?? []).map((c) => ({ checker: c.checker, freshness: c.freshness, ...(c.state === undefined ? {} : { state: c.state }) }));
}

const MAX_REASON = 1000;

/** The verdict events for the regions whose verdict differs from the last one recorded (all of them when none was). */
export function verdictTransitions(last: ReadonlyMap<string, LastVerdict>, observation: VerdictObservation): VerdictEvent[] {
  const events: VerdictEvent[] = [];
  for (const [region, verdict] of Object.entries(observation.verdicts)) {
    if (last.get(region)?.status === verdict.status) continue;
    events.push({
      kind: 'verdict',
      region,
      status: verdict.status,
      at: verdictAt(verdict, observation.evaluatedAt),
      evaluatedAt: observation.evaluatedAt,
      reason: verdict.reason.slice(0, MAX_REASON),
      checkers: votes(verdict.checkers),
      by: observation.by.slice(0, 200),
    });
  }
  return events;
}
