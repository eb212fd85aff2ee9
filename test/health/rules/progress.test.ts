/** Hysteresis progress across checker regions: n of the quorum toward DOWN or UP while streaks count. */
import { hysteresisProgress, type ProgressInput } from '../../../lambdas/health/rules/progress';

const NOW = 1_800_000_000_000;
const options = { checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'], now: NOW, intervalMs: 5000, staleAfterIntervals: 3 };
const thresholds = { failureThreshold: 3, recoveryThreshold: 3 };

function obs(checker: string, state: ProgressInput['state'], failures: number, successes: number, ageMs = 1000): ProgressInput {
  return { target: 'us-east-1', checker, state, consecutiveFailures: failures, consecutiveSuccesses: successes, observedAt: NOW - ageMs, seq: 1 };
}

describe('hysteresisProgress', () => {
  it('counts checkers already DOWN and those on a failure streak toward DOWN, against the quorum', () => {
    const p = hysteresisProgress([obs('us-east-1', 'DOWN', 4, 0), obs('us-west-2', 'UP', 2, 0), obs('eu-west-1', 'UP', 0, 9)], options, thresholds);
    expect(p).toEqual([{ toward: 'DOWN', checkers: 2, quorum: 2, streaks: [{ checker: 'us-west-2', count: 2, threshold: 3 }] }]);
  });

  it('counts toward UP while a DOWN target recovers, and reports nothing once the verdict is there', () => {
    const recovering = [obs('us-east-1', 'DOWN', 0, 1), obs('us-west-2', 'DOWN', 0, 2), obs('eu-west-1', 'DOWN', 5, 0)];
    expect(hysteresisProgress(recovering, options, thresholds)).toEqual([
      {
        toward: 'UP',
        checkers: 2,
        quorum: 2,
        streaks: [
          { checker: 'us-east-1', count: 1, threshold: 3 },
          { checker: 'us-west-2', count: 2, threshold: 3 },
        ],
      },
    ]);
    expect(hysteresisProgress([obs('us-east-1', 'UP', 0, 5), obs('us-west-2', 'UP', 0, 5), obs('eu-west-1', 'UP', 0, 5)], options, thresholds)).toEqual([]);
  });

  it('ignores stale checkers: their streaks say nothing about now', () => {
    expect(hysteresisProgress([obs('us-east-1', 'UP', 2, 0, 60_000), obs('us-west-2', 'UP', 0, 5)], options, thresholds)).toEqual([]);
  });
});
