/**
 * Where an event lives in the Events table, derived from the event alone so that every writer of
 * the same fact computes the same key (a second write is refused by the store's condition).
 *
 * Events are filed by the time of the fact that identifies them (their *anchor*): a verdict or
 * checker change by its own time, every phase of a flip by the intent's time (a retried apply or a
 * roll-forward completion then lands on the same item as the first attempt), drill steps in the
 * drill's own partition. Day buckets are UTC days, so a window of N days is about N Queries, each
 * a sort-key range, and no partition grows without bound.
 */
import type { HistoryEvent } from './events';

export interface EventKey {
  readonly pk: string;
  readonly sk: string;
  /** Wall-clock ms the event is filed under (its TTL is counted from here too). */
  readonly anchorAt: number;
}

const DAY_MS = 86_400_000;

/**
 * Events are keyed by ISO dates, which sort as text only for years 1970–9999 (UTC): nothing is
 * stored outside, and a read is clipped to this range (a window in year 20 or 10000 is empty).
 */
export const STORABLE = { from: 0, to: Date.UTC(9999, 11, 31, 23, 59, 59, 999) } as const;

export function dayBucket(ms: number): string {
  return `day#${new Date(ms).toISOString().slice(0, 10)}`;
}

export function drillPartition(drillId: string): string {
  return `drill#${drillId}`;
}

/** Every day bucket that can hold an event anchored in [from, to). */
export function dayBucketsBetween(from: number, to: number): string[] {
  if (!(to > from)) return [];
  const buckets: string[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) buckets.push(dayBucket(day));
  return buckets;
}

/** Sort-key bounds of [from, to): `sk BETWEEN lower AND upper` holds exactly for anchors in the range. */
export function sortKeyRange(from: number, to: number): { readonly lower: string; readonly upper: string } {
  // `<iso>#…` sorts after `<iso>`, so the lower bound includes `from` and the upper excludes `to`.
  return { lower: new Date(from).toISOString(), upper: new Date(to).toISOString() };
}

function anchorOf(event: HistoryEvent): number {
  switch (event.kind) {
    case 'checker-state':
    case 'verdict':
    case 'drill-step':
      return event.at;
    case 'flip-intent':
    case 'flip-applied':
    case 'flip-completed':
      return event.intentAt;
  }
}

function identityOf(event: HistoryEvent): string {
  switch (event.kind) {
    case 'checker-state':
      return `checker#${event.region}#${event.checker}#${event.to}`;
    case 'verdict':
      return `verdict#${event.region}#${event.status}`;
    case 'flip-intent':
      return `flip#${event.flipId}#1-intent`;
    case 'flip-applied':
      return `flip#${event.flipId}#2-applied`;
    case 'flip-completed':
      return `flip#${event.flipId}#3-completed`;
    case 'drill-step':
      return `${String(event.seq).padStart(3, '0')}#${event.step}`;
  }
}

export function eventKey(event: HistoryEvent): EventKey {
  const anchorAt = anchorOf(event);
  if (event.kind === 'drill-step') return { pk: drillPartition(event.drillId), sk: identityOf(event), anchorAt };
  return { pk: dayBucket(anchorAt), sk: `${new Date(anchorAt).toISOString()}#${identityOf(event)}`, anchorAt };
}

/** Epoch seconds after which DynamoDB may delete the event. */
export function expiresAt(anchorAt: number, retentionDays: number): number {
  return Math.floor(anchorAt / 1000) + retentionDays * 86_400;
}
