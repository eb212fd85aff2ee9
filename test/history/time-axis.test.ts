/** The swimlane's time axis: round ticks, a handful per window, labelled in UTC and any IANA zone. */
import { axisTicks, clockLabel, isTimeZone, tickStep, zoneLabel, zoneOffset } from '../../lambdas/history/time-axis';
import { DAY, HOUR, MIN } from './support/events';

const T = Date.UTC(2025, 6, 1, 12, 7, 30); // 1 July 2025 12:07:30 UTC, a Tuesday (Berlin is on summer time: UTC+2)

describe('time axis', () => {
  it('picks a readable spacing with at most 8 ticks for each window the page offers', () => {
    expect([15 * MIN, HOUR, 6 * HOUR, DAY].map((w) => tickStep(w) / MIN)).toEqual([2, 10, 60, 180]);
  });

  it('puts ticks on round UTC instants inside the window, ends included', () => {
    expect(axisTicks({ start: T - 15 * MIN, end: T }).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['11:54', '11:56', '11:58', '12:00', '12:02', '12:04', '12:06']);
    expect(axisTicks({ start: Date.UTC(2025, 0, 1), end: Date.UTC(2025, 0, 1, 1) })).toHaveLength(7);
  });

  it('reads an instant in UTC and in the viewer’s zone, with seconds or the day when asked', () => {
    expect(clockLabel(T, 'UTC')).toBe('12:07');
    expect(clockLabel(T, 'Europe/Berlin')).toBe('14:07');
    expect(clockLabel(T, 'Asia/Kolkata', 'seconds')).toBe('17:37:30');
    expect(clockLabel(T, 'UTC', 'day')).toBe('Tue 12:07');
  });

  it('names a zone with its offset at that instant, and knows which zones exist', () => {
    expect(zoneLabel('UTC', T)).toBe('UTC');
    expect(zoneLabel('Europe/Berlin', T)).toBe('Europe/Berlin (GMT+2)');
    expect(zoneLabel('Europe/Berlin', Date.UTC(2025, 0, 1))).toBe('Europe/Berlin (GMT+1)');
    expect(zoneOffset('Asia/Kolkata', T)).toBe('GMT+5:30');
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
