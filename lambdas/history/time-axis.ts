/**
 * The swimlane's time axis: where the ticks go (round UTC instants, a handful per window) and how
 * an instant reads in a given IANA time zone (the page shows UTC and the browser's own zone).
 */
import type { Interval } from './rules/intervals';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Tick spacings people read easily, shortest first. */
const STEPS_MS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR] as const;

/** The shortest readable spacing that puts at most `maxTicks` ticks in a window of `lengthMs`. */
export function tickStep(lengthMs: number, maxTicks = 8): number {
  return STEPS_MS.find((step) => Math.floor(lengthMs / step) <= maxTicks) ?? Math.ceil(lengthMs / maxTicks / (24 * HOUR)) * 24 * HOUR;
}

/** Multiples of the step (counted from the epoch, so round in UTC) inside the window, ends included. */
export function axisTicks(window: Interval, maxTicks = 8): number[] {
  const step = tickStep(window.end - window.start, maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(window.start / step) * step; t <= window.end; t += step) ticks.push(t);
  return ticks;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formats.set(key, f);
  }
  return f;
}

/** True when this runtime knows the IANA zone (`UTC`, `Europe/Berlin`). */
export function isTimeZone(name: string): boolean {
  try {
    format(name, {});
    return true;
  } catch {
    return false;
  }
}

/** `14:05` in the zone; `14:05:09` with seconds; `Tue 14:05` with the day (windows longer than a day). */
export function clockLabel(ms: number, timeZone: string, detail: 'minutes' | 'seconds' | 'day' = 'minutes'): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (detail === 'seconds') options.second = '2-digit';
  if (detail === 'day') options.weekday = 'short';
  return format(timeZone, options).format(ms);
}

/** `GMT+1`, `GMT+5:30`, `GMT` for UTC: the zone's offset in force at `at`. */
export function zoneOffset(timeZone: string, at: number): string {
  return (
    format(timeZone, { timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** `Europe/Berlin (GMT+1)`; `UTC` for UTC. The offset is the one in force at `at`. */
export function zoneLabel(timeZone: string, at: number): string {
  return timeZone === 'UTC' ? 'UTC' : `${timeZone} (${zoneOffset(timeZone, at)})`;
}
