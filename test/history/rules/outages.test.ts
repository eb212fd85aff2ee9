import { regionOutages } from '../../../lambdas/history/rules/outages';
import { A, B, HOUR, S, T0, checkerDown, outageEvents, verdict } from '../support/events';

const settings = { failureThreshold: 3, intervalMs: 5 * S };
const F = T0 + HOUR;

describe('regionOutages', () => {
  it('runs from the earliest first failed probe among the checkers that voted DOWN to the next quorum UP', () => {
    expect(regionOutages(A, outageEvents(A, F, F + 10 * S, F + HOUR), settings)).toEqual([
      { region: A, start: F, startEstimated: false, firstChecker: 'eu-west-1', downAt: F + 10 * S, end: F + HOUR },
    ]);
  });

  it('ignores a checker that went DOWN earlier on its own but voted UP when the quorum said DOWN', () => {
    const stray = checkerDown(A, 'us-east-1', F - HOUR, F - HOUR + 10 * S);
    const [outage] = regionOutages(A, [stray, ...outageEvents(A, F, F + 10 * S, F + HOUR)], settings);
    expect(outage?.start).toBe(F);
  });

  it('takes each voter’s current run of failures, not an older one that ended before the previous outage', () => {
    const first = outageEvents(A, F, F + 10 * S, F + 20 * S * 60);
    const second = outageEvents(A, F + 2 * HOUR, F + 2 * HOUR + 10 * S, F + 3 * HOUR);
    const outages = regionOutages(A, [...second, ...first], settings);
    expect(outages.map((o) => o.start)).toEqual([F, F + 2 * HOUR]);
  });

  it('estimates the start as (threshold − 1) intervals before the quorum when no checker recorded its first failure', () => {
    const [outage] = regionOutages(A, [verdict(A, 'DOWN', F + 10 * S), verdict(A, 'UP', F + HOUR)], settings);
    expect(outage).toMatchObject({ start: F, startEstimated: true, downAt: F + 10 * S });
  });

  it('keeps one outage through UNKNOWN and repeated DOWN verdicts; only UP ends it, and UNKNOWN alone starts none', () => {
    const events = [
      verdict(A, 'UNKNOWN', F - 30 * S),
      verdict(A, 'UP', F - 20 * S),
      verdict(A, 'DOWN', F + 10 * S),
      verdict(A, 'UNKNOWN', F + 60 * S),
      verdict(A, 'DOWN', F + 90 * S),
      verdict(A, 'UP', F + HOUR),
      verdict(A, 'UNKNOWN', F + 2 * HOUR),
    ];
    expect(regionOutages(A, events, settings).map((o) => [o.downAt, o.end])).toEqual([[F + 10 * S, F + HOUR]]);
  });

  it('leaves an outage without a quorum UP open, and looks only at its own region', () => {
    const outages = regionOutages(A, [...outageEvents(A, F, F + 10 * S), ...outageEvents(B, F, F + 10 * S, F + HOUR)], settings);
    expect(outages).toHaveLength(1);
    expect(outages[0]?.end).toBeUndefined();
  });
});
