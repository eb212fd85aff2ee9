/** How ready each region is, from the checkers' hysteresis: verdict, votes and how long until UP. */
import fc from 'fast-check';
import { readinessOf } from '../../lambdas/api/readiness';
import type { Observation } from '../../lambdas/health/rules';

const NOW = 1_700_000_000_000;
const config = { checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'], probe: { intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 32 } };

function seen(checker: string, state: Observation['state'], successes: number, ageMs = 1000): Observation {
  return {
    target: 'us-east-1',
    checker,
    state,
    consecutiveFailures: successes === 0 ? 5 : 0,
    consecutiveSuccesses: successes,
    observedAt: NOW - ageMs,
    seq: 1,
    intervalMs: 5000,
    recent: [],
    expiresAt: 0,
  };
}

const readiness = (observations: Observation[]) => readinessOf({ region: 'us-east-1', observations, serving: false, config, now: NOW });

describe('readinessOf', () => {
  test('UP: nothing to wait for', () => {
    expect(readiness([seen('us-east-1', 'UP', 9), seen('us-west-2', 'UP', 9), seen('eu-west-1', 'DOWN', 0)])).toMatchObject({
      verdict: 'UP',
      checkersUp: 2,
      quorum: 2,
      upInSeconds: 0,
      detail: 'UP (2 of 3 checker regions see it UP, 2 needed)',
    });
  });

  test('recovering: the quorum-th soonest checker decides (3 needed successes, 5 s apart, the last probe 1 s ago)', () => {
    // Checkers need 2, 1 and 3 more successes: 10−1, 5−1 and 15−1 s; quorum 2 → the second soonest, 9 s.
    const r = readiness([seen('us-east-1', 'DOWN', 1), seen('us-west-2', 'DOWN', 2), seen('eu-west-1', 'DOWN', 0)]);
    expect(r).toMatchObject({ verdict: 'DOWN', checkersUp: 0, upInSeconds: 9 });
    expect(r.detail).toBe('DOWN (0 of 3 checker regions see it UP, 2 needed); can be UP in about 9 s if its probes keep succeeding');
  });

  test('still failing on too many checkers: no estimate, and the detail says what it takes', () => {
    const r = readiness([seen('us-east-1', 'DOWN', 0), seen('us-west-2', 'DOWN', 2), seen('eu-west-1', 'DOWN', 0)]);
    expect(r.upInSeconds).toBeNull();
    expect(r.detail).toMatch(/its probes are not succeeding yet — once they do, UP takes 3 successful probes in a row \(about 15 s\)/);
  });

  test('silent or stale checkers cannot make a region UP', () => {
    expect(readiness([seen('us-east-1', 'UP', 9, 60_000), seen('us-west-2', 'DOWN', 2)])).toMatchObject({ verdict: 'UNKNOWN', upInSeconds: null });
  });

  test('property: the estimate never exceeds one full recovery, and is 0 exactly when UP', () => {
    const obs = fc.record({ state: fc.constantFrom('UP', 'DOWN', 'UNKNOWN' as const), successes: fc.integer({ min: 0, max: 3 }), ageMs: fc.integer({ min: 0, max: 20_000 }) });
    fc.assert(
      fc.property(fc.tuple(obs, obs, obs), (three) => {
        const r = readiness(three.map((o, i) => seen(config.checkerRegions[i]!, o.state as Observation['state'], o.successes, o.ageMs)));
        if (r.upInSeconds !== null) expect(r.upInSeconds).toBeLessThanOrEqual(config.probe.recoveryThreshold * config.probe.intervalSeconds);
        expect(r.upInSeconds === 0).toBe(r.verdict === 'UP' || r.upInSeconds === 0);
        if (r.verdict === 'UP') expect(r.upInSeconds).toBe(0);
      }),
    );
  });
});
