/** Validation shared by the event stores: the same schema on the way in and on the way out. */
import { historyEventSchema, type HistoryEvent } from './rules/events';
import { InvalidEventError } from './event-store';

/** The event as its schema accepts it. @throws InvalidEventError naming every bad field. */
export function validEvent(event: unknown): HistoryEvent {
  const parsed = historyEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const kind = typeof event === 'object' && event !== null ? String((event as { kind?: unknown }).kind) : typeof event;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
  throw new InvalidEventError(`invalid ${kind} event: ${problems}`);
}

/** The event, or undefined for an item that does not decode (counted as skipped by the caller). */
export function decodeEvent(value: unknown): HistoryEvent | undefined {
  const parsed = historyEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
