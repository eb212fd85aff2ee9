/**
 * VerdictSource over the Observations table: every region evaluates the same quorum from the same
 * items (health core's evaluateQuorum), and dates an UP/DOWN verdict from the moment the
 * quorum-th fresh checker reached that state (for the failback dwell).
 */
import type { FailoverConfig } from '../config/schema';
import type { RegionVerdict } from './rules';
import { evaluateQuorum, hysteresisProgress, type CheckerView, type HysteresisProgress, type Observation, type QuorumResult } from './rules';
import type { Clock } from '../platform/clock';
import type { ObservationStore } from './observation-store';
import type { VerdictSnapshot, VerdictSource } from './verdict-source';

/** When the verdict was reached: the quorum-th earliest `stateSince` among fresh checkers agreeing with it. */
export function verdictSince(result: QuorumResult, observations: readonly Observation[]): number | undefined {
  if (result.verdict === 'UNKNOWN') return undefined;
  const agreeing = result.perChecker.filter((c) => c.freshness === 'fresh' && c.state === result.verdict).map((c) => c.checker);
  const since = observations
    .filter((o) => agreeing.includes(o.checker))
    .map((o) => o.stateSince)
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  return since.length >= result.quorum ? since[result.quorum - 1] : undefined;
}

/**
 * DOWN only: the earliest failed probe of the streak that made each agreeing checker DOWN, if its
 * recent results still start before the streak (a streak longer than the kept results is cut).
 */
export function firstFailureAt(result: QuorumResult, observations: readonly Observation[]): number | undefined {
  if (result.verdict !== 'DOWN') return undefined;
  const agreeing = new Set(result.perChecker.filter((c) => c.freshness === 'fresh' && c.state === 'DOWN').map((c) => c.checker));
  const starts: number[] = [];
  for (const o of observations) {
    if (!agreeing.has(o.checker)) continue;
    const streak = [];
    for (let i = o.recent.length - 1; i >= 0 && o.recent[i]?.ok === false; i -= 1) streak.push(o.recent[i]!.at);
    // The whole list failed: the streak may have begun before the oldest kept result.
    if (streak.length > 0 && streak.length < o.recent.length) starts.push(Math.min(...streak));
  }
  return starts.length > 0 ? Math.min(...starts) : undefined;
}

export class QuorumVerdictSource implements VerdictSource {
  constructor(
    private readonly observations: Pick<ObservationStore, 'loadForTargets'>,
    private readonly config: Pick<FailoverConfig, 'checkerRegions' | 'probe'>,
    private readonly clock: Pick<Clock, 'wallMs'>,
  ) {}

  async verdicts(regions: readonly string[]): Promise<VerdictSnapshot> {
    const rows = await this.observations.loadForTargets(regions);
    const now = this.clock.wallMs();
    const options = { checkerRegions: this.config.checkerRegions, now, intervalMs: this.config.probe.intervalSeconds * 1000, staleAfterIntervals: this.config.probe.staleAfterIntervals };
    const verdicts: Record<string, RegionVerdict> = {};
    let newest: number | undefined;
    const checkerAgesMs: Record<string, number> = {};
    const checkers: Record<string, readonly CheckerView[]> = {};
    const progress: Record<string, readonly HysteresisProgress[]> = {};
    for (const region of regions) {
      const mine = rows.filter((o) => o.target === region);
      const result = evaluateQuorum(mine, options);
      const counting = hysteresisProgress(mine, options, this.config.probe);
      if (counting.length > 0) progress[region] = counting;
      const since = verdictSince(result, mine);
      const firstFailure = firstFailureAt(result, mine);
      verdicts[region] = { status: result.verdict, reason: result.reason, ...(since === undefined ? {} : { since }), ...(firstFailure === undefined ? {} : { firstFailureAt: firstFailure }) };
      checkers[region] = result.perChecker;
      for (const view of result.perChecker) {
        if (view.ageMs === undefined) continue;
        if (view.freshness === 'fresh') newest = Math.max(newest ?? 0, now - view.ageMs);
        checkerAgesMs[view.checker] = Math.min(checkerAgesMs[view.checker] ?? Infinity, view.ageMs);
      }
    }
    return { verdicts, checkerAgesMs, evaluatedAt: now, checkers, ...(Object.keys(progress).length > 0 ? { progress } : {}), ...(newest === undefined ? {} : { newestObservationAt: newest }) };
  }
}
