/**
 * The allowed window of scheduled drills (like zonal autoshift's practice-run windows): a drill
 * may start only on an allowed UTC weekday, at or after the start hour, and must end by the end
 * hour of the same day. The schedule's expression says when to try; this says whether to go.
 */
import type { FailoverConfig } from '../../config/schema';

export type DrillSchedule = FailoverConfig['drills']['schedule'];

const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export type WindowCheck = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export function insideDrillWindow(now: number, schedule: Pick<DrillSchedule, 'allowedDays' | 'allowedHours' | 'durationMinutes'>): WindowCheck {
  const at = new Date(now);
  const day = DAYS[at.getUTCDay()] ?? 'SUN';
  if (!schedule.allowedDays.includes(day)) return { allowed: false, reason: `${day} is not an allowed day (${schedule.allowedDays.join(', ')})` };
  const minuteOfDay = at.getUTCHours() * 60 + at.getUTCMinutes() + at.getUTCSeconds() / 60;
  const { start, end } = schedule.allowedHours;
  const window = `${String(start).padStart(2, '0')}:00–${String(end).padStart(2, '0')}:00 UTC`;
  if (minuteOfDay < start * 60) return { allowed: false, reason: `${at.toISOString().slice(11, 16)} UTC is before the allowed hours (${window})` };
  if (minuteOfDay + schedule.durationMinutes > end * 60) {
    return { allowed: false, reason: `a ${schedule.durationMinutes}-minute drill starting at ${at.toISOString().slice(11, 16)} UTC would not end within the allowed hours (${window})` };
  }
  return { allowed: true };
}
