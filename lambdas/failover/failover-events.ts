/**
 * What the controller tells the event history (lambdas/history implements it; lambdas/wiring.ts
 * connects it when the Events table is configured). The controller cannot import the history (the
 * history reads the controller's rules), so it calls this observer port instead.
 *
 * Every call is a notification: it must return at once and never throw (the history queues the
 * event and writes it in `flush`). The controller calls `flush` when a tick or an operator
 * command is over — after the commit, so recording never delays a decision. Every event carries
 * its own identity (flip id, intent time, verdict time), so whoever records the same fact again (a
 * retried tick, a roll-forward, the next leader delivering an outbox entry) writes nothing new.
 */
import type { VerdictSnapshot } from '../health';
import type { AuditEntry, FlipIntent } from './state-store';

/** What the history keeps of an intent (an intent taken over from an outbox entry is rebuilt from its audit entry). */
export type FlipIntentNotice = Pick<FlipIntent, 'id' | 'plan' | 'term' | 'termNumber' | 'actor' | 'trigger' | 'createdAt'>;

export interface FlipAppliedNotice {
  readonly flipId: string;
  /** The intent's `createdAt` (part of the flip's identity). */
  readonly intentAt: number;
  /** Wall-clock ms phase 2 finished (dns-update: Route 53 reported INSYNC). */
  readonly appliedAt: number;
  /** `mode`: the flip mode (an ApplyResult's, or an older audit entry's as stored). */
  readonly applied: { readonly mode: string; readonly changed: boolean; readonly changeId?: string };
}

export interface FailoverEvents {
  /** The verdicts a leader tick evaluated (`by`: who evaluated, e.g. `controller@us-east-1 (term 7)`); only changes are recorded. */
  verdictsObserved(snapshot: VerdictSnapshot, by: string, now: number): void;
  /** Phase 1: the intent is recorded in the State table. */
  flipIntent(intent: FlipIntentNotice): void;
  /** Phase 2: the routing was applied (or there was nothing to apply). */
  flipApplied(notice: FlipAppliedNotice): void;
  /** Phase 3: the commit's audit entry (completed intents only). */
  flipCompleted(audit: AuditEntry): void;
  /** Writes what was noted, bounded in time; never rejects. */
  flush(): Promise<void>;
}

/** Recording off. */
export const noFailoverEvents: FailoverEvents = {
  verdictsObserved: () => undefined,
  flipIntent: () => undefined,
  flipApplied: () => undefined,
  flipCompleted: () => undefined,
  flush: () => Promise.resolve(),
};

/**
 * All three phases of a committed flip, from its audit entry: what the writer that takes over an
 * outbox entry records, since the events of the writer that committed may have died with it.
 */
export function noteCommittedFlip(events: FailoverEvents, audit: AuditEntry): void {
  const { cause, from, to, timings, dns } = audit;
  if ((audit.outcome ?? 'completed') !== 'completed' || cause === undefined || from === undefined || to === undefined || timings === undefined || dns === undefined) return;
  events.flipIntent({
    id: audit.id,
    plan: { cause, from, to, reason: audit.reason },
    term: audit.term,
    ...(audit.termNumber === undefined ? {} : { termNumber: audit.termNumber }),
    actor: audit.actor,
    trigger: audit.trigger ?? 'unknown',
    createdAt: timings.intentAt,
  });
  events.flipApplied({
    flipId: audit.id,
    intentAt: timings.intentAt,
    appliedAt: timings.appliedAt,
    applied: { mode: dns.mode, changed: dns.changed, ...(dns.changeId ? { changeId: dns.changeId } : {}) },
  });
  events.flipCompleted(audit);
}
