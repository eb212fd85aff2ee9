/** The expected-availability model, with its figures worked out by hand. */
import fc from 'fast-check';
import { availabilityModel, configuredRto } from '../../../lambdas/history/rules/model';

const DAY_S = 86_400;

describe('availabilityModel', () => {
  it('active-passive, 2 regions, one 1-hour failure per region per 30 days, RTO 60 s', () => {
    // per region: uptime 2,588,400 s, repair 3,600 s → pooled A₁ = 5,176,800 / 5,184,000 = 1 − 1/720
    // U = 2/5,184,000 × 60 × (1 − 1/720) + (1/720)² = 2.31160e-5 + 1.92901e-6 = 2.50450e-5
    const region = { failures: 1, uptime_s: 30 * DAY_S - 3600, repair_s: 3600 };
    const m = availabilityModel({ regions: [region, region], policy: 'active-passive', measuredRto_s: 60, configuredRto_s: 30 });
    expect(m.singleRegion.availability).toBeCloseTo(1 - 1 / 720, 12);
    expect(1 - m.withFailover.availability).toBeCloseTo(2.5045e-5, 9);
    expect(m).toMatchObject({ failures: 2, mttr_s: 3600, rto_s: 60, rtoSource: 'measured' });
    expect(m.failureRatePerDay).toBeCloseTo((2 / (2 * (30 * DAY_S - 3600))) * DAY_S, 12);
    expect(m.singleRegion.nines).toBeCloseTo(-Math.log10(1 / 720), 9);
  });

  it('active-active: the service is down only while every region is', () => {
    // A₁ = 1 − 1/720 → U = (1/720)² = 1.92901e-6
    const region = { failures: 1, uptime_s: 30 * DAY_S - 3600, repair_s: 3600 };
    const m = availabilityModel({ regions: [region, region], policy: 'active-active', measuredRto_s: 60, configuredRto_s: 30 });
    expect(1 - m.withFailover.availability).toBeCloseTo(1 / 720 ** 2, 12);
  });

  it('failover buys nothing when moving takes as long as the repair, and everything but the all-down time when it is instant', () => {
    const region = { failures: 3, uptime_s: 30 * DAY_S - 900, repair_s: 900 };
    const slow = availabilityModel({ regions: [region, region], policy: 'active-passive', measuredRto_s: 10_000, configuredRto_s: 30 });
    expect(slow.withFailover.availability).toBeCloseTo(slow.singleRegion.availability, 12);
    const instant = availabilityModel({ regions: [region, region], policy: 'active-passive', measuredRto_s: 0, configuredRto_s: 30 });
    expect(1 - instant.withFailover.availability).toBeCloseTo((1 - instant.singleRegion.availability) ** 2, 15);
  });

  it('for any measurements: figures in [0, 1], and failover never worse than one region when it moves faster than repairs', () => {
    const region = fc
      .record({ failures: fc.integer({ min: 0, max: 50 }), uptime_s: fc.integer({ min: 0, max: 30 * DAY_S }), repair_s: fc.integer({ min: 0, max: 30 * DAY_S }) })
      .map((r) => (r.failures === 0 ? { ...r, repair_s: 0 } : r));
    fc.assert(
      fc.property(
        fc.array(region, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0, max: 3600, noNaN: true }),
        fc.constantFrom('active-passive' as const, 'active-active' as const),
        (regions, rto, policy) => {
          const m = availabilityModel({ regions, policy, measuredRto_s: rto, configuredRto_s: 30 });
          for (const a of [m.singleRegion.availability, m.withFailover.availability]) {
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(1);
          }
          expect(m.withFailover.availability).toBeGreaterThanOrEqual(m.singleRegion.availability - 1e-12);
        },
      ),
    );
  });
});

describe('configuredRto', () => {
  it('adds detection ((threshold − 1) × interval) to the mode’s move time', () => {
    const signalCheck = { requestIntervalSeconds: 10, failureThreshold: 2 };
    expect(configuredRto({ failureThreshold: 3, intervalSeconds: 5, flipMode: 'health-signal', signalCheck })).toBe(30);
    expect(configuredRto({ failureThreshold: 3, intervalSeconds: 5, flipMode: 'dns-update', signalCheck })).toBe(70);
  });
});
