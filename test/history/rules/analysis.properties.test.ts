/** Invariants of the analysis over random histories of two regions with random flips. */
import fc from 'fast-check';
import { analyze } from '../../../lambdas/history/rules/analysis';
import type { HistoryEvent } from '../../../lambdas/history/rules/events';
import { A, B, DAY, ON_A, ON_B, S, T0, flipEvents, outageEvents } from '../support/events';
import { twoRegionAnalysis } from '../support/config';

const W = { start: T0, end: T0 + 30 * DAY };
const settings = twoRegionAnalysis;

/** Up to 4 outages of one region, in order and apart, the last perhaps open. */
function outagesOf(region: string): fc.Arbitrary<HistoryEvent[]> {
  return fc.array(fc.tuple(fc.integer({ min: 1, max: 6 * DAY }), fc.integer({ min: 15 * S, max: 6 * DAY })), { maxLength: 4 }).chain((gaps) =>
    fc.boolean().map((lastOpen) => {
      const events: HistoryEvent[] = [];
      let t = T0 - DAY;
      gaps.forEach(([gap, length], i) => {
        const start = t + gap;
        const open = lastOpen && i === gaps.length - 1;
        events.push(...outageEvents(region, start, start + 10 * S, open ? undefined : start + length));
        t = start + length;
      });
      return events;
    }),
  );
}

const flips = fc
  .array(fc.tuple(fc.integer({ min: -DAY, max: 31 * DAY }), fc.boolean()), { maxLength: 6 })
  .map((list) => list.flatMap(([offset, toB], i) => flipEvents(`f${i}`, T0 + offset, T0 + offset + 500, toB ? ON_A : ON_B, toB ? ON_B : ON_A)));

describe('analyze invariants', () => {
  it('every figure stays in range: availability in [0, 1], uptime + downtime = window, incident downtime within its duration and the service’s', () => {
    fc.assert(
      fc.property(outagesOf(A), outagesOf(B), flips, (a, b, f) => {
        const result = analyze([...a, ...b, ...f], W, W.start - 2 * DAY, settings);
        const all = [result.availability.service, ...Object.values(result.availability.regions)];
        for (const fig of all) {
          expect(fig.availability).toBeGreaterThanOrEqual(0);
          expect(fig.availability).toBeLessThanOrEqual(1);
          expect(fig.uptime_s + fig.downtime_s).toBeCloseTo(fig.window_s, 3);
        }
        for (const i of result.incidents) {
          expect(i.downtime_s).toBeGreaterThanOrEqual(0);
          expect(i.downtime_s).toBeLessThanOrEqual(i.duration_s + 1e-9);
          expect(i.detect_s).toBeGreaterThanOrEqual(0);
          if (i.rto_s !== null) expect(i.rto_s).toBeGreaterThan(0);
        }
        // users are never down longer than the serving regions' outages together
        const regionDown = Object.values(result.availability.regions).reduce((s, r) => s + r.downtime_s, 0);
        expect(result.availability.service.downtime_s).toBeLessThanOrEqual(regionDown + 1e-6);
      }),
      { numRuns: 200 },
    );
  });

  it('recording the same events twice changes nothing', () => {
    fc.assert(
      fc.property(outagesOf(A), flips, (a, f) => {
        const once = analyze([...a, ...f], W, W.start - 2 * DAY, settings);
        const twice = analyze([...a, ...f, ...f, ...a], W, W.start - 2 * DAY, settings);
        expect(twice).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });
});
