/** Quorum over checker regions: a minority never decides, stale data never votes, order never matters. */
import fc from 'fast-check';
import { evaluateQuorum, evaluateTargets, quorumSize, QuorumInputError, type QuorumInput, type QuorumOptions } from '../../../lambdas/health/rules/quorum';
import { applyProbe, INITIAL_HEALTH } from '../../../lambdas/health/rules/state-machine';
import type { HealthStatus } from '../../../lambdas/health/rules/types';

const NOW = 1_700_000_000_000;
const INTERVAL = 5000;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1', 'sa-east-1'];
const statusArb = fc.constantFrom<HealthStatus>('UP', 'DOWN', 'UNKNOWN');

function options(checkerRegions: readonly string[], staleAfterIntervals = 3): QuorumOptions {
  return { checkerRegions, now: NOW, intervalMs: INTERVAL, staleAfterIntervals };
}

function obs(checker: string, state: HealthStatus, ageMs = 0, seq = 1, target = 'us-east-1'): QuorumInput {
  return { target, checker, state, observedAt: NOW - ageMs, seq };
}

/** Per configured checker: maybe an observation, with an age anywhere from the future to very stale. */
const scenarioArb = fc.integer({ min: 1, max: 5 }).chain((c) =>
  fc.record({
    regions: fc.constant(REGIONS.slice(0, c)),
    rows: fc.array(fc.option(fc.record({ state: statusArb, ageMs: fc.integer({ min: -2 * INTERVAL, max: 6 * INTERVAL }) }), { nil: undefined }), { minLength: c, maxLength: c }),
    staleAfter: fc.integer({ min: 2, max: 5 }),
  }),
);

describe('evaluateQuorum', () => {
  it('matches the definition: DOWN iff ≥ q fresh DOWN, UP iff ≥ q fresh UP, UNKNOWN with fewer than q fresh', () => {
    fc.assert(
      fc.property(scenarioArb, ({ regions, rows, staleAfter }) => {
        const observations = rows.flatMap((r, i) => (r === undefined ? [] : [obs(regions[i]!, r.state, r.ageMs)]));
        const result = evaluateQuorum(observations, options(regions, staleAfter));
        const fresh = rows.filter((r) => r !== undefined && r.ageMs >= -INTERVAL && r.ageMs <= staleAfter * INTERVAL);
        const q = Math.floor(regions.length / 2) + 1;
        expect(result.quorum).toBe(q);
        expect(result.fresh).toBe(fresh.length);
        const down = fresh.filter((r) => r?.state === 'DOWN').length;
        const up = fresh.filter((r) => r?.state === 'UP').length;
        const expected = fresh.length < q ? 'UNKNOWN' : down >= q ? 'DOWN' : up >= q ? 'UP' : 'UNKNOWN';
        expect(result.verdict).toBe(expected);
        expect(result.perChecker.map((p) => p.checker)).toEqual(regions);
        if (fresh.length < q) expect(result.reasonCode).toBe('insufficient-fresh');
      }),
    );
  });

  it('never says DOWN when only one of three checker regions sees the target down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.array(
          statusArb.filter((s) => s !== 'DOWN'),
          { minLength: 2, maxLength: 2 },
        ),
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 3, maxLength: 3 }),
        (downIndex, others, ages) => {
          const regions = REGIONS.slice(0, 3);
          const states: HealthStatus[] = [...others];
          states.splice(downIndex, 0, 'DOWN');
          const result = evaluateQuorum(
            regions.map((c, i) => obs(c, states[i]!, ages[i])),
            options(regions),
          );
          expect(result.verdict).not.toBe('DOWN');
        },
      ),
    );
  });

  it('is UNKNOWN, never DOWN, when stale data leaves fewer than a quorum of fresh observations', () => {
    const regions = REGIONS.slice(0, 3);
    const result = evaluateQuorum([obs('us-east-1', 'DOWN', 1000), obs('us-west-2', 'DOWN', 15_001), obs('eu-west-1', 'DOWN', 60_000)], options(regions));
    expect(result.verdict).toBe('UNKNOWN');
    expect(result.reasonCode).toBe('insufficient-fresh');
    expect(result.reason).toContain('only 1 of 3');
    expect(result.reason).toContain('us-west-2 stale (age 15.0 s)');
    expect(result.perChecker.map((p) => p.freshness)).toEqual(['fresh', 'stale', 'stale']);
  });

  it('counts an observation exactly staleAfterIntervals old as fresh and one millisecond older as stale', () => {
    const regions = REGIONS.slice(0, 3);
    const edge = (age: number) => evaluateQuorum([obs('us-east-1', 'DOWN', age), obs('us-west-2', 'DOWN', age)], options(regions)).verdict;
    expect(edge(15_000)).toBe('DOWN');
    expect(edge(15_001)).toBe('UNKNOWN');
  });

  it('reports a split as disputed', () => {
    const regions = REGIONS.slice(0, 4);
    const result = evaluateQuorum([obs('us-east-1', 'DOWN'), obs('us-west-2', 'DOWN'), obs('eu-west-1', 'UP'), obs('ap-south-1', 'UP')], options(regions));
    expect(result).toMatchObject({ verdict: 'UNKNOWN', reasonCode: 'disputed', quorum: 3, fresh: 4, votes: { down: 2, up: 2, unknown: 0 } });
  });

  it('does not let a checker with a clock far ahead vote, nor an unconfigured checker', () => {
    const regions = REGIONS.slice(0, 3);
    const result = evaluateQuorum([obs('us-east-1', 'DOWN'), obs('us-west-2', 'DOWN', -INTERVAL - 1), obs('ca-central-1', 'DOWN')], options(regions));
    expect(result.verdict).toBe('UNKNOWN');
    expect(result.perChecker.find((p) => p.checker === 'us-west-2')?.freshness).toBe('future');
  });

  it('gives the same verdict whatever the order of observations, using the newest per checker', () => {
    fc.assert(
      // Small ranges for seq and age make duplicates and ties common.
      fc.property(
        fc
          .array(fc.record({ checker: fc.constantFrom(...REGIONS.slice(0, 3)), state: statusArb, seq: fc.integer({ min: 1, max: 3 }), ageMs: fc.constantFrom(0, 5000, 20_000) }), { maxLength: 12 })
          .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }))),
        ([rows, shuffledRows]) => {
          const regions = REGIONS.slice(0, 3);
          const toObs = (r: (typeof rows)[number]) => obs(r.checker, r.state, r.ageMs, r.seq);
          expect(evaluateQuorum(shuffledRows.map(toObs), options(regions))).toEqual(evaluateQuorum(rows.map(toObs), options(regions)));
        },
      ),
    );
  });

  it('takes quorum as a strict majority of configured checker regions', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('refuses observations about several targets', () => {
    expect(() => evaluateQuorum([obs('us-east-1', 'UP', 0, 1, 'a'), obs('us-west-2', 'UP', 0, 1, 'b')], options(REGIONS))).toThrow(QuorumInputError);
  });
});

describe('evaluateTargets', () => {
  it('evaluates each listed target on its own rows and reports unobserved targets as UNKNOWN', () => {
    const regions = REGIONS.slice(0, 3);
    const rows = [
      obs('us-east-1', 'DOWN', 0, 1, 'a'),
      obs('us-west-2', 'DOWN', 0, 1, 'a'),
      obs('us-east-1', 'UP', 0, 1, 'b'),
      obs('us-west-2', 'UP', 0, 1, 'b'),
      obs('us-east-1', 'DOWN', 0, 1, 'unlisted'),
    ];
    const verdicts = evaluateTargets(rows, ['a', 'b', 'c'], options(regions));
    expect(Object.keys(verdicts)).toEqual(['a', 'b', 'c']);
    expect(verdicts.a?.verdict).toBe('DOWN');
    expect(verdicts.b?.verdict).toBe('UP');
    expect(verdicts.c).toMatchObject({ verdict: 'UNKNOWN', fresh: 0 });
  });
});

describe('hysteresis and quorum together', () => {
  it('never yields DOWN when only one of three checker regions sees failures, whatever it sees', () => {
    const thresholds = { failureThreshold: 3, recoveryThreshold: 3 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (bad, badOutcomes) => {
        const regions = REGIONS.slice(0, 3);
        const health = regions.map(() => INITIAL_HEALTH);
        badOutcomes.forEach((badOk, round) => {
          regions.forEach((_, i) => {
            health[i] = applyProbe(health[i]!, i === bad ? badOk : true, thresholds, NOW).health;
          });
          const verdict = evaluateQuorum(
            regions.map((c, i) => obs(c, health[i]!.state)),
            options(regions),
          ).verdict;
          expect(verdict).not.toBe('DOWN');
          if (round >= thresholds.recoveryThreshold - 1) expect(verdict).toBe('UP');
        });
      }),
    );
  });
});
