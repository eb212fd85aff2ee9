/**
 * Half-open time intervals [start, end) in wall-clock ms, and the little algebra the incident and
 * availability rules need. Every list these functions return is normalized: sorted, non-empty
 * intervals, none touching or overlapping another.
 */

export interface Interval {
  readonly start: number;
  readonly end: number;
}

export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

export function union(...lists: ReadonlyArray<readonly Interval[]>): Interval[] {
  return normalize(lists.flat());
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalize(a);
  const y = normalize(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as Interval;
    const q = y[j] as Interval;
    const start = Math.max(p.start, q.start);
    const end = Math.min(p.end, q.end);
    if (end > start) out.push({ start, end });
    if (p.end < q.end) i += 1;
    else j += 1;
  }
  return out;
}

export function clip(intervals: readonly Interval[], within: Interval): Interval[] {
  return intersect(intervals, [within]);
}

/** The parts of `within` not covered by `intervals`. */
export function complement(intervals: readonly Interval[], within: Interval): Interval[] {
  const out: Interval[] = [];
  let cursor = within.start;
  for (const i of clip(intervals, within)) {
    if (i.start > cursor) out.push({ start: cursor, end: i.start });
    cursor = i.end;
  }
  if (cursor < within.end) out.push({ start: cursor, end: within.end });
  return out;
}

/** Total length in ms (overlaps counted once). */
export function measure(intervals: readonly Interval[]): number {
  return normalize(intervals).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** Index of the first element for which `isAfter` holds, in an array where it holds for a suffix. */
export function firstIndex<T>(sorted: readonly T[], isAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(sorted[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The parts of a normalized list inside `within`, found by binary search (no re-sorting). */
export function sliceWithin(normalized: readonly Interval[], within: Interval): Interval[] {
  const out: Interval[] = [];
  for (let i = firstIndex(normalized, (x) => x.end > within.start); i < normalized.length; i++) {
    const x = normalized[i] as Interval;
    if (x.start >= within.end) break;
    out.push({ start: Math.max(x.start, within.start), end: Math.min(x.end, within.end) });
  }
  return out;
}

/** Length of a normalized list inside `within`. */
export function overlapMs(normalized: readonly Interval[], within: Interval): number {
  return sliceWithin(normalized, within).reduce((sum, i) => sum + (i.end - i.start), 0);
}
