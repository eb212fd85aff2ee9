/**
 * Incidents: one per outage of a region, from its first failed probe to quorum UP again, with the
 * timings of the response and what users saw.
 *
 *   started ──detect_s──► detected (quorum DOWN) ──decide_s──► decided (flip intent)
 *           ──flip_s──► completed ──► moved (flips.ts)        rto_s = moved − started
 *
 * The flips an incident caused are those that took its region out of service while it was out
 * (intent between its start and its end); the timings follow the first of them. `downtime_s` is
 * the time within the incident during which no serving region was available (service.ts).
 */
import type { FlipMode } from './events';
import type { FlipRecord } from './flips';
import { removes } from './flips';
import { isServing } from '../../failover/rules';
import { firstIndex, overlapMs, type Interval } from './intervals';
import type { RegionOutage } from './outages';
import type { TrafficSegment } from './service';

export interface Incident {
  /** `<region>@<ISO time of quorum DOWN>`: stable across reports. */
  readonly id: string;
  readonly region: string;
  readonly startedAt: number;
  /** The start is an estimate (no checker record of the first failed probe). */
  readonly startEstimated: boolean;
  readonly firstChecker?: string;
  readonly detectedAt: number;
  readonly decidedAt?: number;
  readonly completedAt?: number;
  readonly movedAt?: number;
  /** Quorum UP again; absent while open. */
  readonly endedAt?: number;
  readonly open: boolean;
  /** Whether the region was serving traffic when the outage began. */
  readonly serving: boolean;
  readonly detect_s: number;
  readonly decide_s: number | null;
  readonly flip_s: number | null;
  readonly rto_s: number | null;
  /** What "moved" means for the flip that moved traffic: depends on its mode. */
  readonly movedMeans: string | null;
  readonly flipMode: FlipMode | null;
  readonly downtime_s: number;
  /** Start to quorum UP (to the window end while open). */
  readonly duration_s: number;
  readonly flips: readonly string[];
}

const seconds = (ms: number): number => ms / 1000;

function trafficAt(segments: readonly TrafficSegment[], at: number): TrafficSegment['traffic'] | undefined {
  return segments[firstIndex(segments, (s) => s.end > at)]?.traffic ?? segments[0]?.traffic;
}

export interface IncidentContext {
  /** Sorted by intent time (as `flipRecords` returns them). */
  readonly flips: readonly FlipRecord[];
  readonly traffic: readonly TrafficSegment[];
  /** Normalized (as `serviceDown` returns it). */
  readonly serviceDown: readonly Interval[];
  /** Open incidents are measured up to here (the window's end). */
  readonly until: number;
  readonly movedMeans: (mode: FlipMode) => string;
}

export function incidentOf(outage: RegionOutage, context: IncidentContext): Incident {
  const end = outage.end ?? context.until;
  const caused: FlipRecord[] = [];
  for (let i = firstIndex(context.flips, (f) => f.intentAt >= outage.start); i < context.flips.length; i++) {
    const f = context.flips[i] as FlipRecord;
    if (f.intentAt >= end) break;
    if (removes(f, outage.region)) caused.push(f);
  }
  const first = caused[0];
  const traffic = trafficAt(context.traffic, outage.start);
  const moved = first?.movedAt;
  return {
    id: `${outage.region}@${new Date(outage.downAt).toISOString()}`,
    region: outage.region,
    startedAt: outage.start,
    startEstimated: outage.startEstimated,
    ...(outage.firstChecker ? { firstChecker: outage.firstChecker } : {}),
    detectedAt: outage.downAt,
    ...(first ? { decidedAt: first.intentAt } : {}),
    ...(first?.completedAt !== undefined ? { completedAt: first.completedAt } : {}),
    ...(moved !== undefined ? { movedAt: moved } : {}),
    ...(outage.end !== undefined ? { endedAt: outage.end } : {}),
    open: outage.end === undefined,
    serving: traffic !== undefined && isServing(traffic, outage.region),
    detect_s: seconds(outage.downAt - outage.start),
    decide_s: first ? seconds(first.intentAt - outage.downAt) : null,
    flip_s: first?.completedAt !== undefined ? seconds(first.completedAt - first.intentAt) : null,
    rto_s: moved !== undefined ? seconds(moved - outage.start) : null,
    movedMeans: first?.mode ? context.movedMeans(first.mode) : null,
    flipMode: first?.mode ?? null,
    downtime_s: seconds(overlapMs(context.serviceDown, { start: outage.start, end })),
    duration_s: seconds(end - outage.start),
    flips: caused.map((f) => f.flipId),
  };
}
