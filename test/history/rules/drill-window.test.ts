/** The allowed window of scheduled drills: days and hours in UTC, and the drill must end inside it. */
import fc from 'fast-check';
import { insideDrillWindow } from '../../../lambdas/history/rules/drill-window';

const schedule = { allowedDays: ['MON', 'TUE', 'WED', 'THU'] as ('MON' | 'TUE' | 'WED' | 'THU')[], allowedHours: { start: 9, end: 17 }, durationMinutes: 30 };
// 2026-12-01 is a Tuesday.
const tue = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);

describe('insideDrillWindow', () => {
  it.each([
    ['Tuesday 09:00, the first allowed minute', tue('09:00'), true],
    ['Tuesday 16:30, a 30-minute drill ends at 17:00', tue('16:30'), true],
    ['Tuesday 16:31, it would end after 17:00', tue('16:31'), false],
    ['Tuesday 08:59', tue('08:59'), false],
    ['Saturday noon', Date.parse('2026-12-05T12:00:00Z'), false],
  ])('%s → %s', (_name, now, allowed) => {
    expect(insideDrillWindow(now, schedule).allowed).toBe(allowed);
  });

  it('says why it refuses', () => {
    expect(insideDrillWindow(Date.parse('2026-12-05T12:00:00Z'), schedule)).toEqual({ allowed: false, reason: 'SAT is not an allowed day (MON, TUE, WED, THU)' });
    expect(insideDrillWindow(tue('16:45'), schedule)).toEqual({ allowed: false, reason: 'a 30-minute drill starting at 16:45 UTC would not end within the allowed hours (09:00–17:00 UTC)' });
  });

  it('for any time it allows, the whole drill lies inside the allowed hours of an allowed day', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }), fc.integer({ min: 1, max: 600 }), (now, durationMinutes) => {
        const s = { ...schedule, durationMinutes };
        if (!insideDrillWindow(now, s).allowed) return;
        const start = new Date(now);
        const end = new Date(now + durationMinutes * 60_000);
        expect(start.getUTCHours()).toBeGreaterThanOrEqual(9);
        expect(end.getUTCDate()).toBe(start.getUTCDate());
        expect(end.getUTCHours() * 60 + end.getUTCMinutes() + end.getUTCSeconds() / 60).toBeLessThanOrEqual(17 * 60);
        expect([1, 2, 3, 4]).toContain(start.getUTCDay());
      }),
    );
  });
});
