/**
 * The event history's storage port. Implementations: `DynamoDbEventStore` (Events table) and
 * `MemoryEventStore` (unit tests). Both file events by `rules/keys.ts`, so they agree on identity
 * and order.
 */
import type { DrillStepEvent, HistoryEvent } from './rules/events';

/** `exists`: an event with the same key was already stored; the first write wins and this one changed nothing. */
export type PutOutcome = 'written' | 'exists';

export interface EventRange<E extends HistoryEvent = HistoryEvent> {
  /** Oldest first: by anchor time, then by key. */
  readonly events: readonly E[];
  /** Stored items that did not decode as events (skipped, never fatal). */
  readonly skipped: number;
}

export interface HistoryEventStore {
  /** Writes the event once. @throws InvalidEventError for an event that does not match its schema. */
  put(event: HistoryEvent): Promise<PutOutcome>;
  /** Verdict, checker and flip events anchored in [from, to). */
  range(from: number, to: number): Promise<EventRange>;
  /** One drill's steps in step order; empty when the drill is unknown. */
  drill(drillId: string): Promise<EventRange<DrillStepEvent>>;
}

export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}
