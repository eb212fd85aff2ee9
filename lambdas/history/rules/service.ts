/**
 * The service as users see it: which regions served when (from the flips, switching at the moment
 * traffic moved), and when no serving region was available. A region is unavailable from the first
 * failed probe of an outage until quorum UP again.
 */
import type { FlipRecord, Routing } from './flips';
import { isServing } from '../../failover/rules';
import { intersect, sliceWithin, union, type Interval } from './intervals';
import type { RegionOutage } from './outages';

export interface RoutingSegment extends Interval {
  readonly routing: Routing;
}

/**
 * Routing over `range`: before the first completed flip, that flip's `from` (else `fallback`, the
 * routing in force when nothing was recorded); after each flip moved, its `to`.
 */
export function routingOverTime(flips: readonly FlipRecord[], fallback: Routing, range: Interval): RoutingSegment[] {
  const moves = flips.filter((f): f is FlipRecord & { movedAt: number } => f.movedAt !== undefined).sort((a, b) => a.movedAt - b.movedAt);
  let routing = moves[0]?.from ?? fallback;
  const segments: RoutingSegment[] = [];
  let cursor = range.start;
  for (const m of moves) {
    if (m.movedAt <= range.start) {
      routing = m.to;
      continue;
    }
    if (m.movedAt >= range.end) break;
    if (m.movedAt > cursor) segments.push({ start: cursor, end: m.movedAt, routing });
    routing = m.to;
    cursor = m.movedAt;
  }
  if (cursor < range.end) segments.push({ start: cursor, end: range.end, routing });
  return segments;
}

/** Intervals in which a region cannot serve; open outages run to `until`. */
export function unavailability(outages: readonly RegionOutage[], until: number): Interval[] {
  return union(outages.map((o) => ({ start: o.start, end: o.end ?? until })));
}

/**
 * When no serving region was available: per routing segment, the times every serving region was
 * unavailable. `unavailable` lists must be normalized (as `unavailability` returns them).
 */
export function serviceDown(segments: readonly RoutingSegment[], unavailable: ReadonlyMap<string, readonly Interval[]>): Interval[] {
  const down: Interval[] = [];
  for (const segment of segments) {
    const serving = Object.keys(segment.routing).filter((r) => isServing(segment.routing, r));
    let all: Interval[] = [{ start: segment.start, end: segment.end }];
    for (const r of serving) all = intersect(all, sliceWithin(unavailable.get(r) ?? [], segment));
    down.push(...all);
  }
  return union(down);
}
