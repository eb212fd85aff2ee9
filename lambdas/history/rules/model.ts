/**
 * What this configuration should give, from what was measured: the expected availability of the
 * service with failover versus one region alone, from the per-region failure rate λ, the mean time
 * to repair, and the mean RTO.
 *
 * With λ = failures ÷ region operating time (pooled over the app regions), MTTR the mean repair
 * time, N app regions, assuming regions fail independently:
 *   one region:       A₁ = 1 / (1 + λ·MTTR)                        (= MTBF / (MTBF + MTTR))
 *   active-passive:   U  = λ·A₁·min(RTO, MTTR)·(1 − (1 − A₁)^(N−1)) + (1 − A₁)^N
 *                     each failure of the serving region costs the time until traffic moved (or
 *                     until the region is back, if sooner) when another region is up to take it,
 *                     plus the time all regions are down at once
 *   active-active:    U  = (1 − A₁)^N   (the service is down only when no region is up; a failing
 *                     region's share of requests fails for about an RTO each time)
 *   with failover:    A  = 1 − U
 * RTO is the measured mean (incidents whose flip moved traffic), or, with none measured, the
 * configured estimate: detection ((failureThreshold − 1) × interval) + the mode's move time.
 */
import type { FlipMode } from './events';
import { nines } from './availability';

export interface RegionMeasurement {
  readonly failures: number;
  readonly uptime_s: number;
  /** Sum of the repair times of those failures. */
  readonly repair_s: number;
}

export interface ModelInput {
  readonly regions: readonly RegionMeasurement[];
  readonly policy: 'active-passive' | 'active-active';
  /** Mean measured RTO in seconds; undefined when no incident moved traffic. */
  readonly measuredRto_s?: number;
  readonly configuredRto_s: number;
}

export interface Expected {
  readonly availability: number;
  readonly nines: number | null;
  /** Expected downtime in 30 days. */
  readonly downtime_s_per_30d: number;
}

export interface ModelFigures {
  readonly regionCount: number;
  readonly failures: number;
  /** λ per day of region operating time; null when no region was ever up. */
  readonly failureRatePerDay: number | null;
  readonly mttr_s: number | null;
  readonly rto_s: number;
  readonly rtoSource: 'measured' | 'configured';
  readonly singleRegion: Expected;
  readonly withFailover: Expected;
  /** single-region downtime ÷ with-failover downtime; null when both are 0. */
  readonly downtimeReduction: number | null;
}

const THIRTY_DAYS_S = 30 * 86_400;

function expected(availability: number): Expected {
  return { availability, nines: nines(availability), downtime_s_per_30d: (1 - availability) * THIRTY_DAYS_S };
}

/** Detection plus the mode's move time; no decision delay (the controller decides within a tick, well under a second). */
export function configuredRto(settings: {
  failureThreshold: number;
  intervalSeconds: number;
  flipMode: FlipMode;
  signalCheck: { requestIntervalSeconds: number; failureThreshold: number };
  dnsInsync_s?: number;
}): number {
  const detect = Math.max(0, settings.failureThreshold - 1) * settings.intervalSeconds;
  const move = settings.flipMode === 'health-signal' ? settings.signalCheck.requestIntervalSeconds * settings.signalCheck.failureThreshold : (settings.dnsInsync_s ?? 60);
  return detect + move;
}

export function availabilityModel(input: ModelInput): ModelFigures {
  const failures = input.regions.reduce((s, r) => s + r.failures, 0);
  const uptime = input.regions.reduce((s, r) => s + r.uptime_s, 0);
  const repair = input.regions.reduce((s, r) => s + r.repair_s, 0);
  const mttr = failures > 0 ? repair / failures : 0;
  const n = Math.max(1, input.regions.length);
  const rto = input.measuredRto_s ?? input.configuredRto_s;
  // λ·MTTR = repair ÷ uptime, so A₁ = uptime ÷ (uptime + repair), and λ·A₁ = failures ÷ (uptime + repair):
  // the same formulas without dividing by an uptime that may be 0.
  const a1 = uptime + repair > 0 ? uptime / (uptime + repair) : 1;
  const failuresPerSecondOfTime = uptime + repair > 0 ? failures / (uptime + repair) : 0;
  const allDown = Math.pow(1 - a1, n);
  const u = input.policy === 'active-passive' ? failuresPerSecondOfTime * Math.min(rto, mttr) * (1 - Math.pow(1 - a1, n - 1)) + allDown : allDown;
  const withFailover = Math.min(1, Math.max(0, 1 - u));
  const singleDown = 1 - a1;
  const failoverDown = 1 - withFailover;
  return {
    regionCount: input.regions.length,
    failures,
    failureRatePerDay: uptime > 0 ? (failures / uptime) * 86_400 : null,
    mttr_s: failures > 0 ? mttr : null,
    rto_s: rto,
    rtoSource: input.measuredRto_s === undefined ? 'configured' : 'measured',
    singleRegion: expected(a1),
    withFailover: expected(withFailover),
    downtimeReduction: failoverDown > 0 ? singleDown / failoverDown : null,
  };
}
