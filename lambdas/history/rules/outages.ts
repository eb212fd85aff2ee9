/**
 * Outages of one app region from its recorded verdicts and checker changes. An outage begins with a
 * quorum DOWN verdict after the region was not DOWN and ends at the next quorum UP; UNKNOWN in
 * between does not end it (only UP does), and UNKNOWN alone never starts one.
 *
 * Its start is the first failed probe that began it: among the checkers that voted DOWN in that
 * verdict, each one's latest change to DOWN at or before the evaluation (its current run of
 * failures), the earliest first failed probe. Without such records (a checker not recording, or
 * the run began before the history) the start is estimated as (failureThreshold − 1) intervals
 * before the verdict, the detection time of aligned probing.
 */
import type { CheckerStateEvent, VerdictEvent } from './events';
import { firstIndex } from './intervals';

export interface RegionOutage {
  readonly region: string;
  /** First failed probe (or its estimate). */
  readonly start: number;
  readonly startEstimated: boolean;
  /** Checker whose probe began it, when known. */
  readonly firstChecker?: string;
  /** Quorum DOWN: the verdict's since. */
  readonly downAt: number;
  /** Quorum UP again; undefined while the outage is open. */
  readonly end?: number;
}

export interface OutageSettings {
  readonly failureThreshold: number;
  readonly intervalMs: number;
}

/** Per checker, its changes to DOWN sorted by time. */
type DownsByChecker = ReadonlyMap<string, readonly CheckerStateEvent[]>;

function firstFailedProbe(down: VerdictEvent, downs: DownsByChecker, after: number, settings: OutageSettings): { start: number; estimated: boolean; checker?: string } {
  const voters = down.checkers.filter((c) => c.freshness === 'fresh' && c.state === 'DOWN').map((c) => c.checker);
  let best: CheckerStateEvent | undefined;
  for (const checker of voters.length > 0 ? voters : [...downs.keys()]) {
    const list = downs.get(checker) ?? [];
    // This checker's latest change to DOWN by the evaluation: its current run of failures.
    const latest = list[firstIndex(list, (c) => c.at > down.evaluatedAt) - 1];
    if (latest === undefined || latest.at <= after) continue;
    if (best === undefined || latest.streakStartedAt < best.streakStartedAt) best = latest;
  }
  if (best !== undefined) {
    const start = Math.max(after, Math.min(best.streakStartedAt, down.at));
    return { start, estimated: best.streakStartEstimated, checker: best.checker };
  }
  return { start: Math.max(after, down.at - Math.max(0, settings.failureThreshold - 1) * settings.intervalMs), estimated: true };
}

/** Outages of `region`, oldest first, from its verdict events and checker state changes (any order). */
export function regionOutages(region: string, events: ReadonlyArray<VerdictEvent | CheckerStateEvent>, settings: OutageSettings): RegionOutage[] {
  const verdicts = events.filter((e): e is VerdictEvent => e.kind === 'verdict' && e.region === region).sort((a, b) => a.at - b.at);
  const downs = new Map<string, CheckerStateEvent[]>();
  for (const e of events) {
    if (e.kind !== 'checker-state' || e.region !== region || e.to !== 'DOWN') continue;
    const list = downs.get(e.checker) ?? [];
    list.push(e);
    downs.set(e.checker, list);
  }
  for (const list of downs.values()) list.sort((a, b) => a.at - b.at);
  const outages: RegionOutage[] = [];
  let open: Omit<RegionOutage, 'end'> | undefined;
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const v of verdicts) {
    if (v.status === 'DOWN' && open === undefined) {
      const first = firstFailedProbe(v, downs, previousEnd, settings);
      open = { region, start: first.start, startEstimated: first.estimated, downAt: v.at, ...(first.checker ? { firstChecker: first.checker } : {}) };
    } else if (v.status === 'UP' && open !== undefined) {
      outages.push({ ...open, end: v.at });
      previousEnd = v.at;
      open = undefined;
    }
  }
  if (open !== undefined) outages.push(open);
  return outages;
}
