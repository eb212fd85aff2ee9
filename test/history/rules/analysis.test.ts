/**
 * Incidents, availability and the model on synthetic histories. Every expected value is worked
 * out by hand in the test: W = 30 days = 2,592,000 s, SLO 0.9995 → budget 1,296 s; health-signal
 * flips move traffic 10 s × 2 = 20 s after they complete.
 */
import { analyze, type AnalysisSettings } from '../../../lambdas/history/rules/analysis';
import type { HistoryEvent } from '../../../lambdas/history/rules/events';
import { A, B, DAY, HOUR, ON_A, ON_B, S, T0, flipEvents, outageEvents, verdict } from '../support/events';
import { twoRegionAnalysis } from '../support/config';

const W = { start: T0, end: T0 + 30 * DAY };
const WINDOW_S = 2_592_000;
const settings = twoRegionAnalysis;
const F = T0 + 10 * DAY;
const run = (events: HistoryEvent[], s: AnalysisSettings = settings) => analyze(events, W, W.start - 2 * DAY, s);

describe('analyze', () => {
  describe('one outage of the serving region, failed over', () => {
    // first failed probe F; quorum DOWN F+10 s; intent F+10.5 s; committed F+10.8 s; moved F+30.8 s; quorum UP F+1 h
    const events = [...outageEvents(A, F, F + 10 * S, F + HOUR), ...flipEvents('f1', F + 10_500, F + 10_800, ON_A, ON_B)];
    const result = run(events);

    it('times the incident: detect 10 s, decide 0.5 s, flip 0.3 s, RTO 30.8 s, users down 30.8 s of its hour', () => {
      expect(result.incidents).toHaveLength(1);
      const incident = result.incidents[0]!;
      expect(incident).toMatchObject({
        id: `${A}@${new Date(F + 10 * S).toISOString()}`,
        region: A,
        startedAt: F,
        startEstimated: false,
        firstChecker: 'eu-west-1',
        detectedAt: F + 10 * S,
        decidedAt: F + 10_500,
        completedAt: F + 10_800,
        movedAt: F + 30_800,
        endedAt: F + HOUR,
        open: false,
        serving: true,
        flipMode: 'health-signal',
        movedMeans: 'flip committed + Route 53 signal checks (10 s × 2)',
        flips: ['f1'],
      });
      expect(incident.detect_s).toBe(10);
      expect(incident.decide_s).toBeCloseTo(0.5, 9);
      expect(incident.flip_s).toBeCloseTo(0.3, 9);
      expect(incident.rto_s).toBeCloseTo(30.8, 9);
      expect(incident.downtime_s).toBeCloseTo(30.8, 9);
      expect(incident.duration_s).toBe(3600);
    });

    it('counts the region’s hour against it and only the 30.8 s before traffic moved against the service', () => {
      const { regions, service } = result.availability;
      // us-east-1: MTBF = 2,588,400 s, MTTR = 3,600 s, A = 2,588,400 / 2,592,000 = 0.998611…, nines 2.857
      expect(regions[A]).toMatchObject({ downtime_s: 3600, failures: 1, mtbf_s: 2_588_400, mttr_s: 3600 });
      expect(regions[A]!.availability).toBeCloseTo(0.9986111111, 9);
      expect(regions[A]!.nines).toBeCloseTo(2.8573325, 6);
      expect(regions[A]!.budget.remaining_s).toBe(1296 - 3600);
      expect(regions[B]).toMatchObject({ downtime_s: 0, failures: 0, availability: 1 });
      // service: 30.8 s down; A = (2,592,000 − 30.8) / 2,592,000 = 0.999988117…; budget left 1,265.2 s (97.6 %)
      expect(service.downtime_s).toBeCloseTo(30.8, 9);
      expect(service.failures).toBe(1);
      expect(service.availability).toBeCloseTo(0.9999881173, 9);
      expect(service.budget.remaining_s).toBeCloseTo(1265.2, 6);
      expect(service.budget.remaining_fraction).toBeCloseTo(0.9762345679, 9);
    });

    it('models what failover buys from the measured failure rate, MTTR and RTO', () => {
      // pooled over 2 regions: 1 failure, uptime 5,180,400 s, repair 3,600 s
      // A₁ = 5,180,400 / 5,184,000 = 1 − 1/1440 = 0.99930556
      // U = 1/5,184,000 × min(30.8, 3600) × (1 − 1/1440) + (1/1440)² = 5.93723e-6 + 4.82253e-7 = 6.41948e-6
      expect(result.model).toMatchObject({ regionCount: 2, failures: 1, mttr_s: 3600, rtoSource: 'measured' });
      expect(result.model.rto_s).toBeCloseTo(30.8, 9);
      expect(result.model.failureRatePerDay).toBeCloseTo(86_400 / 5_180_400, 12);
      expect(result.model.singleRegion.availability).toBeCloseTo(1 - 1 / 1440, 12);
      expect(1 - result.model.withFailover.availability).toBeCloseTo(6.41948e-6, 10);
      expect(result.model.withFailover.downtime_s_per_30d).toBeCloseTo(6.41948e-6 * WINDOW_S, 3);
      // single region: 1/1440 × 2,592,000 = 1,800 s per 30 days; with failover ≈ 16.6 s: 108× less
      expect(result.model.singleRegion.downtime_s_per_30d).toBeCloseTo(1800, 6);
      expect(result.model.downtimeReduction).toBeCloseTo(108.18, 2);
    });

    it('lists the flip with its phases and when traffic moved', () => {
      expect(result.flips).toEqual([
        expect.objectContaining({ flipId: 'f1', state: 'completed', intentAt: F + 10_500, appliedAt: F + 10_650, completedAt: F + 10_800, movedAt: F + 30_800, mode: 'health-signal' }),
      ]);
    });
  });

  it('overlapping outages: each incident is timed on its own, the service is down once for the shared time', () => {
    // us-east-1 out F … F+30 min, failed over to us-west-2 (moved F+31.5 s);
    // us-west-2 out F+10 min … F+40 min while us-east-1 is still out: nothing to fail over to until
    // us-east-1 is UP at F+30 min; the flip back (intent F+1800.4 s, committed F+1800.9 s) moves at F+1820.9 s.
    const events = [
      ...outageEvents(A, F, F + 10 * S, F + 1800 * S),
      ...flipEvents('f1', F + 11 * S, F + 11_500, ON_A, ON_B),
      ...outageEvents(B, F + 600 * S, F + 610 * S, F + 2400 * S),
      ...flipEvents('f2', F + 1_800_400, F + 1_800_900, ON_B, ON_A),
    ];
    const { incidents, availability } = run(events);
    const [a, b] = incidents;
    // service down: [F, F+31.5 s) ∪ [F+600 s, F+1820.9 s) = 31.5 + 1,220.9 = 1,252.4 s
    expect(availability.service.downtime_s).toBeCloseTo(1252.4, 6);
    expect(availability.service.failures).toBe(2);
    expect(availability.service.mttr_s).toBeCloseTo(626.2, 6);
    expect(availability.service.availability).toBeCloseTo(1 - 1252.4 / WINDOW_S, 12);
    // us-east-1's incident: RTO 31.5 s; users down 31.5 s, then again from F+600 s to its end at F+1800 s: 1,231.5 s
    expect(a).toMatchObject({ region: A, detect_s: 10, flips: ['f1'], duration_s: 1800 });
    expect(a!.rto_s).toBeCloseTo(31.5, 9);
    expect(a!.downtime_s).toBeCloseTo(1231.5, 6);
    // us-west-2's incident: decided only once us-east-1 was back, 1,800.4 − 610 = 1,190.4 s after detection; RTO 1,220.9 s
    expect(b).toMatchObject({ region: B, detect_s: 10, flips: ['f2'], duration_s: 1800 });
    expect(b!.decide_s).toBeCloseTo(1190.4, 6);
    expect(b!.flip_s).toBeCloseTo(0.5, 9);
    expect(b!.rto_s).toBeCloseTo(1220.9, 6);
    expect(b!.downtime_s).toBeCloseTo(1220.9, 6);
    // regions: 1,800 s each
    expect(availability.regions[A]!.downtime_s).toBe(1800);
    expect(availability.regions[B]!.downtime_s).toBe(1800);
  });

  it('an outage still open at the window’s end: the incident is open and measured up to the end', () => {
    const E = W.end;
    // first failed E−610 s, DOWN E−600 s, committed E−599 s, moved E−579 s, no UP yet
    const events = [...outageEvents(A, E - 610 * S, E - 600 * S), ...flipEvents('f1', E - 599_500, E - 599 * S, ON_A, ON_B)];
    const { incidents, availability } = run(events);
    expect(incidents[0]).toMatchObject({ open: true, duration_s: 610, downtime_s: 31, rto_s: 31, flips: ['f1'] });
    expect(incidents[0]!.endedAt).toBeUndefined();
    expect(availability.regions[A]).toMatchObject({ downtime_s: 610, openAtEnd: true, failures: 1, mttr_s: 610 });
    expect(availability.service).toMatchObject({ downtime_s: 31, openAtEnd: false });
  });

  it('a window with no failure: no incidents, availability 1 everywhere, the model falls back to the configured RTO', () => {
    const { incidents, availability, model } = run([verdict(A, 'UP', T0 - DAY), verdict(B, 'UP', T0 - DAY)]);
    expect(incidents).toEqual([]);
    expect(availability.service).toMatchObject({ availability: 1, downtime_s: 0, nines: null, mtbf_s: null });
    expect(availability.regions[A]).toMatchObject({ availability: 1 });
    // configured RTO: (3 − 1) × 5 s detection + 10 s × 2 Route 53 = 30 s
    expect(model).toMatchObject({ failures: 0, rto_s: 30, rtoSource: 'configured', mttr_s: null, downtimeReduction: null });
    expect(model.singleRegion.availability).toBe(1);
    expect(model.withFailover.availability).toBe(1);
  });

  it('an outage of a region not serving traffic costs users nothing and causes no flip', () => {
    const { incidents, availability } = run(outageEvents(B, F, F + 10 * S, F + HOUR));
    expect(incidents[0]).toMatchObject({ region: B, serving: false, downtime_s: 0, decide_s: null, flip_s: null, rto_s: null, flips: [] });
    expect(availability.service.downtime_s).toBe(0);
    expect(availability.regions[B]!.downtime_s).toBe(3600);
  });

  it('in dns-update mode traffic moved when Route 53 reported INSYNC', () => {
    const events = [...outageEvents(A, F, F + 10 * S, F + HOUR), ...flipEvents('f1', F + 10_500, F + 40 * S, ON_A, ON_B, { mode: 'dns-update' })];
    const [incident] = run(events).incidents;
    // applied (INSYNC) halfway between intent and commit: F + 25.25 s
    expect(incident).toMatchObject({ flipMode: 'dns-update', movedAt: F + 25_250, movedMeans: 'Route 53 reported the record change INSYNC' });
    expect(incident!.rto_s).toBeCloseTo(25.25, 9);
  });

  it('lists only incidents overlapping the window, but knows the traffic and outages in force at its start', () => {
    // us-east-1 failed over two days before the window and stayed out until 1 h into it
    const before = T0 - 2 * DAY + HOUR;
    const events = [
      ...outageEvents(A, before, before + 10 * S, T0 + HOUR),
      ...flipEvents('f0', before + 11 * S, before + 12 * S, ON_A, ON_B),
      ...outageEvents(B, T0 - DAY, T0 - DAY + 10 * S, T0 - DAY + HOUR),
    ];
    const { incidents, flips, availability } = run(events);
    expect(incidents.map((i) => i.region)).toEqual([A]);
    expect(flips).toEqual([]);
    // us-west-2 served all window: users saw no downtime; us-east-1 was out for the window's first hour
    expect(availability.service.downtime_s).toBe(0);
    expect(availability.regions[A]).toMatchObject({ downtime_s: 3600, failures: 1 });
  });
});
