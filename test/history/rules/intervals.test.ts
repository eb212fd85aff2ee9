import fc from 'fast-check';
import { clip, complement, intersect, measure, normalize, union, type Interval } from '../../../lambdas/history/rules/intervals';

const interval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 })).map(([start, length]): Interval => ({ start, end: start + length }));
const list = fc.array(interval, { maxLength: 12 });
const within: Interval = { start: 100, end: 900 };

function covers(intervals: readonly Interval[], t: number): boolean {
  return intervals.some((i) => i.start <= t && t < i.end);
}

describe('interval algebra', () => {
  it('normalizes to sorted, separated, non-empty intervals covering exactly the same instants', () => {
    fc.assert(
      fc.property(list, fc.integer({ min: 0, max: 1300 }), (xs, t) => {
        const n = normalize(xs);
        n.forEach((i, k) => {
          expect(i.end).toBeGreaterThan(i.start);
          if (k > 0) expect(i.start).toBeGreaterThan(n[k - 1]!.end);
        });
        expect(covers(n, t)).toBe(covers(xs, t));
      }),
    );
  });

  it('intersects and unites pointwise', () => {
    fc.assert(
      fc.property(list, list, fc.integer({ min: 0, max: 1300 }), (a, b, t) => {
        expect(covers(intersect(a, b), t)).toBe(covers(a, t) && covers(b, t));
        expect(covers(union(a, b), t)).toBe(covers(a, t) || covers(b, t));
      }),
    );
  });

  it('splits a span into covered and uncovered parts that add up to it', () => {
    fc.assert(
      fc.property(list, (xs) => {
        expect(measure(clip(xs, within)) + measure(complement(xs, within))).toBe(within.end - within.start);
      }),
    );
  });

  it('measures overlapping intervals once', () => {
    expect(
      measure([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 20, end: 21 },
      ]),
    ).toBe(16);
  });
});
