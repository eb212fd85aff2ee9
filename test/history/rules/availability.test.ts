/** Availability figures with the expected values worked out by hand in each test. */
import fc from 'fast-check';
import { availabilityOf, type Outage } from '../../../lambdas/history/rules/availability';
import { DAY, HOUR, T0 } from '../support/events';

const W = { start: T0, end: T0 + 30 * DAY }; // 2,592,000 s
const SLO = 0.9995; // budget: 0.0005 × 2,592,000 s = 1,296 s

describe('availabilityOf', () => {
  it('a window with no failure: availability 1, unbounded MTBF and nines, the whole budget left', () => {
    expect(availabilityOf([], W, SLO)).toEqual({
      window_s: 2_592_000,
      downtime_s: 0,
      uptime_s: 2_592_000,
      failures: 0,
      openAtEnd: false,
      mtbf_s: null,
      mttr_s: null,
      availability: 1,
      measured_uptime: 1,
      nines: null,
      budget: { slo: SLO, allowed_s: 1296, used_s: 0, remaining_s: 1296, remaining_fraction: 1 },
    });
  });

  it('two one-hour outages: MTBF = (W − 2 h) / 2, MTTR = 1 h, A = MTBF / (MTBF + MTTR)', () => {
    const outages = [
      { start: T0 + 5 * DAY, end: T0 + 5 * DAY + HOUR },
      { start: T0 + 20 * DAY, end: T0 + 20 * DAY + HOUR },
    ];
    const f = availabilityOf(outages, W, SLO);
    // uptime 2,592,000 − 7,200 = 2,584,800 s; MTBF 1,292,400 s; MTTR 3,600 s
    // A = 1,292,400 / 1,296,000 = 0.997222…; nines = −log10(0.002777…) = 2.5563
    expect(f).toMatchObject({ downtime_s: 7200, uptime_s: 2_584_800, failures: 2, mtbf_s: 1_292_400, mttr_s: 3600 });
    expect(f.availability).toBeCloseTo(0.9972222222, 9);
    expect(f.measured_uptime).toBeCloseTo(0.9972222222, 9);
    expect(f.nines).toBeCloseTo(2.5563025, 6);
    // budget 1,296 s, used 7,200 s: 5,904 s overspent
    expect(f.budget).toEqual({ slo: SLO, allowed_s: 1296, used_s: 7200, remaining_s: -5904, remaining_fraction: -5904 / 1296 });
  });

  it('an outage still open at the window’s end counts up to the end and is flagged', () => {
    const f = availabilityOf([{ start: W.end - 600_000 }], W, SLO);
    // 600 s down; MTTR (censored) 600 s; MTBF 2,591,400 s; A = 2,591,400 / 2,592,000
    expect(f).toMatchObject({ downtime_s: 600, failures: 1, openAtEnd: true, mttr_s: 600, mtbf_s: 2_591_400 });
    expect(f.availability).toBeCloseTo(2_591_400 / 2_592_000, 12);
    expect(f.budget.remaining_s).toBe(696);
  });

  it('an outage that began before the window counts its whole repair time in MTTR but only its part inside in the uptime', () => {
    const f = availabilityOf([{ start: T0 - HOUR, end: T0 + HOUR }], W, SLO);
    // inside: 3,600 s down; uptime 2,588,400 s; MTTR 7,200 s (whole); A = 2,588,400 / 2,595,600 = 0.997226…
    expect(f).toMatchObject({ downtime_s: 3600, failures: 1, mttr_s: 7200, mtbf_s: 2_588_400 });
    expect(f.availability).toBeCloseTo(0.9972260749, 9);
    expect(f.measured_uptime).toBeCloseTo(2_588_400 / 2_592_000, 12);
  });

  it('overlapping outages count their shared time once as downtime', () => {
    const f = availabilityOf(
      [
        { start: T0 + HOUR, end: T0 + 3 * HOUR },
        { start: T0 + 2 * HOUR, end: T0 + 4 * HOUR },
      ],
      W,
      SLO,
    );
    expect(f.downtime_s).toBe(3 * 3600);
  });

  const outage = fc
    .tuple(fc.integer({ min: -5 * DAY, max: 35 * DAY }), fc.integer({ min: 1, max: 3 * DAY }), fc.boolean())
    .map(([offset, length, open]): Outage => (open ? { start: T0 + offset } : { start: T0 + offset, end: T0 + offset + length }));

  it('for any outages: availability and measured uptime in [0, 1], uptime + downtime = window, budget used = downtime', () => {
    fc.assert(
      fc.property(fc.array(outage, { maxLength: 8 }), fc.double({ min: 0.5, max: 0.99999, noNaN: true }), (outages, slo) => {
        const f = availabilityOf(outages, W, slo);
        expect(f.availability).toBeGreaterThanOrEqual(0);
        expect(f.availability).toBeLessThanOrEqual(1);
        expect(f.measured_uptime).toBeGreaterThanOrEqual(0);
        expect(f.measured_uptime).toBeLessThanOrEqual(1);
        expect(f.uptime_s + f.downtime_s).toBeCloseTo(f.window_s, 6);
        expect(f.budget.used_s).toBe(f.downtime_s);
        expect(f.budget.allowed_s - f.budget.used_s).toBeCloseTo(f.budget.remaining_s, 6);
        if (f.failures === 0) expect(f.availability).toBe(1);
        if (f.nines !== null) expect(f.nines).toBeCloseTo(-Math.log10(1 - f.availability), 9);
        // A never claims more than what was measured in the window
        expect(f.availability).toBeLessThanOrEqual(f.measured_uptime + 1e-12);
      }),
    );
  });
});
