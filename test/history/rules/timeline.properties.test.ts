/** Invariant of the swimlane: within one lane, bands never overlap and cover the window once recorded data starts. */
import fc from 'fast-check';
import { bandsOf, type LaneChange } from '../../../lambdas/history/rules/timeline';
import { HOUR, T0 } from '../support/events';

const W = { start: T0, end: T0 + HOUR };
const change: fc.Arbitrary<LaneChange> = fc.record({
  at: fc.integer({ min: T0 - HOUR, max: T0 + 2 * HOUR }),
  state: fc.constantFrom('UP' as const, 'DOWN' as const, 'UNKNOWN' as const),
});

describe('bandsOf invariants', () => {
  it('bands are sorted, never overlap, never touch an equal neighbour, and tile [first change, window end) ∩ window', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        const bands = bandsOf(changes, W);
        const first = Math.min(...changes.map((c) => c.at));
        const coverStart = Math.max(first, W.start);
        if (changes.length === 0 || coverStart >= W.end) {
          expect(bands).toEqual([]);
          return;
        }
        expect(bands[0]!.start).toBe(coverStart);
        expect(bands[bands.length - 1]!.end).toBe(W.end);
        bands.forEach((band, i) => {
          expect(band.end).toBeGreaterThan(band.start);
          expect(band.since).toBeLessThanOrEqual(band.start);
          const next = bands[i + 1];
          if (next !== undefined) {
            expect(next.start).toBe(band.end);
            expect(next.state).not.toBe(band.state);
          }
        });
      }),
    );
  });

  it('the state at any instant is the last change at or before it (the later one among equal times)', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 40 }), fc.integer({ min: W.start, max: W.end - 1 }), (changes, t) => {
        const holding = changes
          .map((c, i) => ({ c, i }))
          .filter(({ c }) => c.at <= t)
          .sort((x, y) => x.c.at - y.c.at || x.i - y.i)
          .pop();
        const band = bandsOf(changes, W).find((b) => b.start <= t && t < b.end);
        expect(band?.state).toBe(holding?.c.state);
      }),
    );
  });
});
