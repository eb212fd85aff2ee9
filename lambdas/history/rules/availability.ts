/**
 * Availability figures over a window, for one region or for the service as users see it.
 *
 * With W the window, D the measured downtime inside it (outages clipped to W), and n the outages
 * that overlap it:
 *   MTTR = mean time to repair of those n, each in full (one that began before the window counts
 *          from its start; one still open counts up to the window's end)
 *   MTBF = (W − D) / n: operating time per failure
 *   availability A = MTBF / (MTBF + MTTR)   (1 when n = 0)
 *   measured uptime = (W − D) / W
 *   nines = −log10(1 − A)                   (null = unbounded, when A = 1)
 *   budget: allowed = (1 − SLO) × W, used = D, remaining = allowed − used (negative: overspent)
 * A equals the measured uptime unless an outage straddles the window's start: A then counts its
 * whole repair time, the uptime only the part inside the window.
 */
import { clip, measure, type Interval } from './intervals';

export interface Outage {
  readonly start: number;
  /** Undefined while open. */
  readonly end?: number;
}

export interface DowntimeBudget {
  readonly slo: number;
  readonly allowed_s: number;
  readonly used_s: number;
  readonly remaining_s: number;
  /** remaining ÷ allowed: 1 untouched, 0 spent, below 0 overspent. */
  readonly remaining_fraction: number;
}

export interface AvailabilityFigures {
  readonly window_s: number;
  readonly downtime_s: number;
  readonly uptime_s: number;
  /** Outages that overlap the window. */
  readonly failures: number;
  /** An outage is still open at the window's end. */
  readonly openAtEnd: boolean;
  /** null: no failure in the window (unbounded). */
  readonly mtbf_s: number | null;
  /** null: no failure in the window. */
  readonly mttr_s: number | null;
  readonly availability: number;
  readonly measured_uptime: number;
  /** null: unbounded (availability 1). */
  readonly nines: number | null;
  readonly budget: DowntimeBudget;
}

export function nines(availability: number): number | null {
  return availability >= 1 ? null : -Math.log10(1 - availability);
}

export function availabilityOf(outages: readonly Outage[], window: Interval, slo: number): AvailabilityFigures {
  const windowMs = window.end - window.start;
  const downMs = measure(
    clip(
      outages.map((o) => ({ start: o.start, end: o.end ?? window.end })),
      window,
    ),
  );
  const upMs = windowMs - downMs;
  const overlapping = outages.filter((o) => o.start < window.end && (o.end ?? window.end) > window.start);
  const repairMs = overlapping.reduce((sum, o) => sum + (Math.min(o.end ?? window.end, window.end) - o.start), 0);
  const n = overlapping.length;
  const mtbf = n > 0 ? upMs / n : null;
  const mttr = n > 0 ? repairMs / n : null;
  const availability = mtbf !== null && mttr !== null ? (mtbf + mttr > 0 ? mtbf / (mtbf + mttr) : 0) : 1;
  // Whole milliseconds, like every time here (and 1 − 0.9995 is not exact in binary).
  const allowedMs = Math.round((1 - slo) * windowMs);
  return {
    window_s: windowMs / 1000,
    downtime_s: downMs / 1000,
    uptime_s: upMs / 1000,
    failures: n,
    openAtEnd: outages.some((o) => o.start < window.end && (o.end === undefined || o.end > window.end)),
    mtbf_s: mtbf === null ? null : mtbf / 1000,
    mttr_s: mttr === null ? null : mttr / 1000,
    availability,
    measured_uptime: windowMs > 0 ? upMs / windowMs : 1,
    nines: nines(availability),
    budget: {
      slo,
      allowed_s: allowedMs / 1000,
      used_s: downMs / 1000,
      remaining_s: (allowedMs - downMs) / 1000,
      remaining_fraction: allowedMs > 0 ? (allowedMs - downMs) / allowedMs : 0,
    },
  };
}
