/**
 * The service as users see it: which regions served when (from the flips, switching at the moment
 * traffic moved), and when no serving region was available. A region is unavailable from the first
 * failed probe of an outage until quorum UP again.
 */
import type { FlipRecord } from './flips';
import { isServing, type TrafficSplit } from '../../failover/rules';
import { intersect, sliceWithin, union, type Interval } from './intervals';
import type { RegionOutage } from './outages';

export interface TrafficSegment extends Interval {
  readonly traffic: TrafficSplit;
}

/**
 * Traffic over `range`: before the first completed flip, that flip's `from` (else `fallback`, the
 * traffic in force when nothing was recorded); after each flip moved, its `to`.
 */
export function trafficOverTime(flips: readonly FlipRecord[], fallback: TrafficSplit, range: Interval): TrafficSegment[] {
  const moves = flips.filter((f): f is FlipRecord & { movedAt: number } => f.movedAt !== undefined).sort((a, b) => a.movedAt - b.movedAt);
  let traffic = moves[0]?.from ?? fallback;
  const segments: TrafficSegment[] = [];
  let cursor = range.start;
  for (const m of moves) {
    if (m.movedAt <= range.start) {
      traffic = m.to;
      continue;
    }
    if (m.movedAt >= range.end) break;
    if (m.movedAt > cursor) segments.push({ start: cursor, end: m.movedAt, traffic });
    traffic = m.to;
    cursor = m.movedAt;
  }
  if (cursor < range.end) segments.push({ start: cursor, end: range.end, traffic });
  return segments;
}

/** Intervals in which a region cannot serve; open outages run to `until`. */
export function unavailability(outages: readonly RegionOutage[], until: number): Interval[] {
  return union(outages.map((o) => ({ start: o.start, end: o.end ?? until })));
}

/**
 * When no serving region was available: per traffic segment, the times every serving region was
 * unavailable. `unavailable` lists must be normalized (as `unavailability` returns them).
 */
export function serviceDown(segments: readonly TrafficSegment[], unavailable: ReadonlyMap<string, readonly Interval[]>): Interval[] {
  const down: Interval[] = [];
  for (const segment of segments) {
    const serving = Object.keys(segment.traffic).filter((r) => isServing(segment.traffic, r));
    let all: Interval[] = [{ start: segment.start, end: segment.end }];
    for (const r of serving) all = intersect(all, sliceWithin(unavailable.get(r) ?? [], segment));
    down.push(...all);
  }
  return union(down);
}
