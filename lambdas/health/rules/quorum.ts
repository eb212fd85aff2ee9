/**
 * Quorum over checker regions. With C configured checker regions the quorum is q = ⌊C/2⌋ + 1:
 *  - fewer than q fresh observations → UNKNOWN (never DOWN: a partitioned minority must not fail over);
 *  - DOWN iff at least q fresh observations say DOWN; UP iff at least q say UP;
 *  - otherwise UNKNOWN (disputed).
 * Freshness is judged against the caller's `now`, so the same inputs give the same verdict in
 * every region.
 */
import type { FailoverConfig } from '../../config/schema';
import type { HealthStatus, Observation } from './types';

export type QuorumVerdict = HealthStatus;

/** The fields of an observation that the evaluator reads. */
export type QuorumInput = Pick<Observation, 'target' | 'checker' | 'state' | 'observedAt' | 'seq'>;

export interface QuorumOptions {
  /** Configured checker regions; observations from other checkers are ignored. */
  readonly checkerRegions: readonly string[];
  /** Evaluator's wall-clock ms. */
  readonly now: number;
  readonly intervalMs: number;
  /** An observation older than `staleAfterIntervals × intervalMs` does not count. */
  readonly staleAfterIntervals: number;
}

/** Why a checker's word does or does not count. */
export type Freshness = 'fresh' | 'stale' | 'missing' | 'future';

export interface CheckerView {
  readonly checker: string;
  readonly freshness: Freshness;
  /** The checker's state; undefined when missing. Reported for stale ones too, but they do not vote. */
  readonly state?: HealthStatus;
  /** `now − observedAt`; negative when the checker's clock runs ahead. */
  readonly ageMs?: number;
  readonly seq?: number;
}

export type QuorumReason = 'quorum-down' | 'quorum-up' | 'insufficient-fresh' | 'disputed';

export interface QuorumResult {
  readonly verdict: QuorumVerdict;
  /** One entry per configured checker region, in configuration order. */
  readonly perChecker: readonly CheckerView[];
  /** Number of configured checker regions with a fresh observation. */
  readonly fresh: number;
  readonly quorum: number;
  readonly votes: { readonly up: number; readonly down: number; readonly unknown: number };
  readonly reasonCode: QuorumReason;
  /** One sentence for logs and the audit trail. */
  readonly reason: string;
}

/** Quorum options from a config, for an evaluation at wall-clock `now`. */
export function quorumOptionsFor(config: Pick<FailoverConfig, 'checkerRegions' | 'probe'>, now: number): QuorumOptions {
  return { checkerRegions: config.checkerRegions, now, intervalMs: config.probe.intervalSeconds * 1000, staleAfterIntervals: config.probe.staleAfterIntervals };
}

export function quorumSize(checkerCount: number): number {
  return Math.floor(checkerCount / 2) + 1;
}

/**
 * An observation stamped more than one interval in the future comes from a checker whose clock is
 * wrong; counting it would keep it "fresh" for too long, so it does not vote.
 */
function freshnessOf(ageMs: number, options: QuorumOptions): Freshness {
  if (ageMs < -options.intervalMs) return 'future';
  return ageMs > options.staleAfterIntervals * options.intervalMs ? 'stale' : 'fresh';
}

/** Orders two observations of one checker: higher seq, then later observedAt, then state name (any fixed order keeps the result independent of input order). */
function newer(a: QuorumInput, b: QuorumInput): boolean {
  if (a.seq !== b.seq) return a.seq > b.seq;
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  return a.state > b.state;
}

/** Newest per checker, so duplicates cannot vote twice. */
function latestPerChecker(observations: readonly QuorumInput[]): Map<string, QuorumInput> {
  const latest = new Map<string, QuorumInput>();
  for (const o of observations) {
    const seen = latest.get(o.checker);
    if (seen === undefined || newer(o, seen)) latest.set(o.checker, o);
  }
  return latest;
}

function view(checker: string, o: QuorumInput | undefined, options: QuorumOptions): CheckerView {
  if (o === undefined) return { checker, freshness: 'missing' };
  const ageMs = options.now - o.observedAt;
  return { checker, freshness: freshnessOf(ageMs, options), state: o.state, ageMs, seq: o.seq };
}

function describeAbsent(views: readonly CheckerView[]): string {
  const parts = views
    .filter((v) => v.freshness !== 'fresh')
    .map((v) => (v.freshness === 'missing' ? `${v.checker} missing` : `${v.checker} ${v.freshness} (age ${((v.ageMs ?? 0) / 1000).toFixed(1)} s)`));
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

/** Observations of several targets were passed where one target's were expected. */
export class QuorumInputError extends Error {
  override readonly name = 'QuorumInputError';
}

/**
 * Verdict for one target from that target's observations (use `evaluateTargets` for a mixed list).
 * @throws QuorumInputError when the observations are about more than one target.
 */
export function evaluateQuorum(observations: readonly QuorumInput[], options: QuorumOptions): QuorumResult {
  const targets = new Set(observations.map((o) => o.target));
  if (targets.size > 1) {
    throw new QuorumInputError(`evaluateQuorum takes one target's observations, got ${[...targets].join(', ')}; use evaluateTargets for several`);
  }
  const configured = [...new Set(options.checkerRegions)];
  const latest = latestPerChecker(observations);
  const perChecker = configured.map((c) => view(c, latest.get(c), options));
  const voting = perChecker.filter((v) => v.freshness === 'fresh');
  const votes = {
    up: voting.filter((v) => v.state === 'UP').length,
    down: voting.filter((v) => v.state === 'DOWN').length,
    unknown: voting.filter((v) => v.state === 'UNKNOWN').length,
  };
  const quorum = quorumSize(configured.length);
  const fresh = voting.length;
  const tally = `${votes.down} DOWN, ${votes.up} UP, ${votes.unknown} UNKNOWN of ${fresh} fresh (${configured.length} checker regions, quorum ${quorum})`;
  const base = { perChecker, fresh, quorum, votes };
  if (fresh < quorum) {
    return {
      ...base,
      verdict: 'UNKNOWN',
      reasonCode: 'insufficient-fresh',
      reason: `only ${fresh} of ${configured.length} checker regions have fresh observations, quorum is ${quorum}${describeAbsent(perChecker)}`,
    };
  }
  if (votes.down >= quorum) return { ...base, verdict: 'DOWN', reasonCode: 'quorum-down', reason: tally };
  if (votes.up >= quorum) return { ...base, verdict: 'UP', reasonCode: 'quorum-up', reason: tally };
  return { ...base, verdict: 'UNKNOWN', reasonCode: 'disputed', reason: `no quorum: ${tally}${describeAbsent(perChecker)}` };
}

/**
 * Verdicts for a set of targets from a mixed list of observations (e.g. a scan of the table).
 * Every listed target gets a verdict, also when no checker has written about it yet (UNKNOWN).
 */
export function evaluateTargets(observations: readonly QuorumInput[], targets: readonly string[], options: QuorumOptions): Record<string, QuorumResult> {
  const byTarget = new Map<string, QuorumInput[]>(targets.map((t) => [t, []]));
  for (const o of observations) byTarget.get(o.target)?.push(o);
  const verdicts: Record<string, QuorumResult> = {};
  for (const [target, rows] of byTarget) verdicts[target] = evaluateQuorum(rows, options);
  return verdicts;
}
