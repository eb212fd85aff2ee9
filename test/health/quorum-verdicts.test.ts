/** When a DOWN verdict's outage began: the first failed probe of the streak behind it. */
import { firstFailureAt } from '../../lambdas/health/quorum-verdicts';
import { evaluateQuorum, type Observation, type RecentResult } from '../../lambdas/health/rules';

const NOW = 1_700_000_000_000;
const options = { checkerRegions: ['a', 'b', 'c'], now: NOW, intervalMs: 5000, staleAfterIntervals: 3 };

function observed(checker: string, state: Observation['state'], recent: RecentResult[]): Observation {
  return { target: 'us-east-1', checker, state, consecutiveFailures: 3, consecutiveSuccesses: 0, observedAt: NOW - 500, seq: 1, intervalMs: 5000, recent, expiresAt: 0 };
}

const probe = (secondsAgo: number, ok: boolean): RecentResult => ({ at: NOW - secondsAgo * 1000, ok, ms: 10 });

describe('firstFailureAt', () => {
  test('the earliest failed probe of the current streak among the checkers that agree on DOWN', () => {
    const rows = [
      observed('a', 'DOWN', [probe(30, true), probe(20, false), probe(15, false), probe(10, false)]),
      observed('b', 'DOWN', [probe(25, true), probe(18, false), probe(13, false), probe(8, false)]),
      // Not agreeing: its older failures do not count.
      observed('c', 'UP', [probe(40, false), probe(35, true)]),
    ];
    expect(firstFailureAt(evaluateQuorum(rows, options), rows)).toBe(NOW - 20_000);
  });

  test('unknown when every kept result failed (the streak may be older) or the verdict is not DOWN', () => {
    const allFailed = [observed('a', 'DOWN', [probe(20, false), probe(15, false)]), observed('b', 'DOWN', [probe(18, false)])];
    expect(firstFailureAt(evaluateQuorum(allFailed, options), allFailed)).toBeUndefined();
    const up = [observed('a', 'UP', [probe(10, true)]), observed('b', 'UP', [probe(10, true)])];
    expect(firstFailureAt(evaluateQuorum(up, options), up)).toBeUndefined();
  });
});
