/**
 * A synthetic but realistic event history for benchmarks: outages of two app regions, each with
 * the checkers' changes to DOWN and back, the quorum verdicts (sometimes UNKNOWN in between) and,
 * when the serving region fails, a failover's three flip phases. Deterministic for a seed.
 */
import type { HistoryEvent } from '../../lambdas/history/rules/events';
import { mulberry32 } from './stats';

const CHECKERS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export function syntheticHistory(options: { regions: readonly [string, string]; start: number; end: number; events: number; seed: number }): HistoryEvent[] {
  const random = mulberry32(options.seed);
  const [first, second] = options.regions;
  let serving = first;
  const events: HistoryEvent[] = [];
  // 10–11 events per outage (aim for a few more outages than needed); outages last 10 min on average: spread them so the window fills up.
  const outages = options.events / 9.5;
  const meanGapMs = Math.max(60_000, (options.end - options.start - 3_600_000) / outages - 10 * 60_000 - 10_000);
  let t = options.start + 60_000;
  let flip = 0;
  while (events.length < options.events && t < options.end - 3_600_000) {
    const region = random() < 0.6 ? serving : serving === first ? second : first;
    const other = region === first ? second : first;
    const downAt = t + 10_000 + Math.floor(random() * 500);
    const durationMs = 30_000 + Math.floor(random() * 20 * 60_000);
    const upAt = downAt + durationMs;
    const votes = (state: 'UP' | 'DOWN') => CHECKERS.map((checker) => ({ checker, freshness: 'fresh' as const, state }));
    for (const [i, checker] of CHECKERS.entries()) {
      events.push({
        kind: 'checker-state',
        region,
        checker,
        from: 'UP',
        to: 'DOWN',
        at: downAt + i * 40,
        streakStartedAt: t + i * 30,
        streakStartEstimated: false,
        failure: { reason: 'status', detail: 'status 503 (expected 200–299)' },
      });
    }
    events.push({
      kind: 'verdict',
      region,
      status: 'DOWN',
      at: downAt,
      evaluatedAt: downAt + 150,
      reason: '3 DOWN, 0 UP, 0 UNKNOWN of 3 fresh (3 checker regions, quorum 2)',
      checkers: votes('DOWN'),
      by: 'controller@bench (term 1)',
    });
    if (region === serving) {
      const id = `flip-${(flip += 1)}`;
      const intentAt = downAt + 300 + Math.floor(random() * 300);
      const from = { [region]: 1, [other]: 0 };
      const to = { [region]: 0, [other]: 1 };
      events.push({ kind: 'flip-intent', flipId: id, intentAt, at: intentAt, cause: 'failover', from, to, actor: 'controller@bench', trigger: 'stream', term: 1, reason: `${region} DOWN` });
      events.push({ kind: 'flip-applied', flipId: id, intentAt, at: intentAt + 40, mode: 'health-signal', changed: false });
      events.push({ kind: 'flip-completed', flipId: id, intentAt, at: intentAt + 90, appliedAt: intentAt + 40, mode: 'health-signal', cause: 'failover', from, to, actor: 'controller@bench' });
      serving = other;
    } else {
      events.push({
        kind: 'verdict',
        region,
        status: 'UNKNOWN',
        at: downAt + Math.floor(durationMs / 2),
        evaluatedAt: downAt + Math.floor(durationMs / 2),
        reason: 'no quorum',
        checkers: [],
        by: 'controller@bench (term 1)',
      });
    }
    for (const [i, checker] of CHECKERS.entries()) {
      events.push({ kind: 'checker-state', region, checker, from: 'DOWN', to: 'UP', at: upAt + i * 40, streakStartedAt: upAt - 10_000 + i * 30, streakStartEstimated: false });
    }
    events.push({ kind: 'verdict', region, status: 'UP', at: upAt, evaluatedAt: upAt + 150, reason: '0 DOWN, 3 UP', checkers: votes('UP'), by: 'controller@bench (term 1)' });
    t = upAt + Math.floor(random() * 2 * meanGapMs);
  }
  if (events.length < options.events) throw new Error(`synthetic history: only ${events.length} of ${options.events} events fit the window`);
  return events.slice(0, options.events);
}
