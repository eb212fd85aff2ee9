import fc from 'fast-check';
import { dayBucket, dayBucketsBetween, eventKey, expiresAt, sortKeyRange } from '../../../lambdas/history/rules/keys';
import { A, DAY, T0, verdict } from '../support/events';

describe('event keys', () => {
  it('finds every event anchored in [from, to) in a listed day bucket and inside the sort-key range, and none outside', () => {
    const window = fc.tuple(fc.integer({ min: T0, max: T0 + 40 * DAY }), fc.integer({ min: 1, max: 10 * DAY }));
    fc.assert(
      fc.property(window, fc.integer({ min: T0 - DAY, max: T0 + 52 * DAY }), ([from, length], at) => {
        const to = from + length;
        const key = eventKey(verdict(A, 'DOWN', at));
        const { lower, upper } = sortKeyRange(from, to);
        const found = dayBucketsBetween(from, to).includes(key.pk) && key.sk >= lower && key.sk <= upper;
        expect(found).toBe(at >= from && at < to);
      }),
    );
  });

  it('files by UTC day', () => {
    expect(dayBucket(Date.UTC(2025, 2, 9, 23, 59, 59, 999))).toBe('day#2025-03-09');
    expect(dayBucketsBetween(Date.UTC(2025, 2, 9, 23), Date.UTC(2025, 2, 11, 0, 0, 0, 1))).toEqual(['day#2025-03-09', 'day#2025-03-10', 'day#2025-03-11']);
  });

  it('expires an event its retention after its anchor', () => {
    expect(expiresAt(T0 + 999, 400)).toBe(T0 / 1000 + 400 * 86_400);
  });
});
