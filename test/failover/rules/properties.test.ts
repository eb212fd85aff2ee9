/**
 * Invariants of the decision engine over random verdicts, states, policies and time, plus a
 * simulation of a flapping region driven through decide() tick by tick.
 */
import fc from 'fast-check';
import { decide, distribute, isServing, servingRegions, shareOf, singleActive, type DecisionState, type PolicyConfig, type RegionVerdict, type Verdicts } from '../../../lambdas/failover/rules';
import type { HealthStatus } from '../../../lambdas/health/rules';
import { A, B, C, NOW, activeActive, activePassive, settings } from './fixtures';

const regions = [A, B, C];
const status = fc.constantFrom<HealthStatus>('UP', 'DOWN', 'UNKNOWN');
const verdict: fc.Arbitrary<RegionVerdict> = fc.record({ status, since: fc.integer({ min: 0, max: NOW }), reason: fc.constant('p') });
const verdictsArb: fc.Arbitrary<Verdicts> = fc.tuple(verdict, verdict, verdict).map(([a, b, c]) => ({ [A]: a, [B]: b, [C]: c }));
const policyArb = fc.constantFrom<PolicyConfig>(activePassive, activeActive);
const settingsArb = fc.record({
  holdDownSeconds: fc.integer({ min: 0, max: 600 }),
  flapWindowSeconds: fc.integer({ min: 1, max: 3600 }),
  maxFlipsPerWindow: fc.integer({ min: 1, max: 5 }),
  failback: fc.constantFrom('auto' as const, 'manual' as const),
  failbackDwellSeconds: fc.integer({ min: 0, max: 900 }),
});

function stateArb(policy: PolicyConfig): fc.Arbitrary<DecisionState> {
  const traffic = policy.mode === 'active-passive' ? fc.constantFrom(...regions).map((r) => singleActive(policy, r)) : fc.subarray(regions, { minLength: 1 }).map((s) => distribute(policy.weights, s));
  return fc.record({ traffic, flipTimes: fc.array(fc.integer({ min: NOW - 4_000_000, max: NOW }), { maxLength: 4 }) });
}

const caseArb = policyArb.chain((policy) => fc.record({ policy: fc.constant(policy), state: stateArb(policy), verdicts: verdictsArb, settings: settingsArb }));

describe('decide() invariants', () => {
  it('a flip only moves traffic into UP regions and always leaves an UP region serving (no pin)', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, state, verdicts, settings: s }) => {
        const d = decide({ policy, state, verdicts, settings: s, now: NOW });
        if (d.kind !== 'flip') return;
        const serving = servingRegions(d.plan.to);
        expect(serving.some((r) => verdicts[r]?.status === 'UP')).toBe(true);
        for (const r of serving) if (!isServing(state.traffic, r)) expect(verdicts[r]?.status).toBe('UP');
      }),
    );
  });

  it('never flips when no region is UP (fail-static)', () => {
    const noneUp = fc.tuple(fc.constantFrom<HealthStatus>('DOWN', 'UNKNOWN'), fc.constantFrom<HealthStatus>('DOWN', 'UNKNOWN'), fc.constantFrom<HealthStatus>('DOWN', 'UNKNOWN'));
    fc.assert(
      fc.property(caseArb, noneUp, ({ policy, state, settings: s }, [a, b, c]) => {
        const verdicts = { [A]: { status: a, reason: '' }, [B]: { status: b, reason: '' }, [C]: { status: c, reason: '' } };
        expect(decide({ policy, state, verdicts, settings: s, now: NOW }).kind).toBe('hold');
      }),
    );
  });

  it('an UNKNOWN verdict never takes a serving region out of service', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, state, verdicts, settings: s }) => {
        const d = decide({ policy, state, verdicts, settings: s, now: NOW });
        if (d.kind !== 'flip') return;
        const taken = servingRegions(state.traffic).filter((r) => !isServing(d.plan.to, r));
        // Active-passive may move off a serving region only because it is DOWN, or by failback to a preferred UP one.
        for (const r of taken) if (d.plan.cause === 'failover') expect(verdicts[r]?.status).toBe('DOWN');
      }),
    );
  });

  it('within the hold-down of the last flip, the only flips evacuate a DOWN region (cause failover)', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 599_999 }), ({ policy, state, verdicts }, age) => {
        const s = settings({ holdDownSeconds: 600, failback: 'auto', failbackDwellSeconds: 0 });
        const d = decide({ policy, state: { ...state, flipTimes: [NOW - age] }, verdicts, settings: s, now: NOW });
        if (d.kind !== 'flip') return;
        expect(d.plan.cause).toBe('failover');
        const evacuated = servingRegions(state.traffic).filter((r) => verdicts[r]?.status === 'DOWN');
        expect(evacuated.length).toBeGreaterThan(0);
        for (const r of evacuated) expect(d.plan.to[r] ?? 0).toBe(0);
      }),
    );
  });

  it('hold-down and flap damping never keep traffic on a DOWN region while another region is UP', () => {
    fc.assert(
      fc.property(caseArb, ({ policy, state, verdicts, settings: s }) => {
        const down = servingRegions(state.traffic).filter((r) => verdicts[r]?.status === 'DOWN');
        const upElsewhere = regions.some((r) => !down.includes(r) && verdicts[r]?.status === 'UP');
        if (down.length === 0 || !upElsewhere) return;
        const d = decide({ policy, state, verdicts, settings: s, now: NOW });
        expect(d).toMatchObject({ kind: 'flip' });
        if (d.kind === 'flip') for (const r of down) expect(d.plan.to[r] ?? 0).toBe(0);
      }),
    );
  });

  it('active-active: a region that is not UP never gains share of the traffic', () => {
    const weight = fc.integer({ min: 1, max: 80 });
    fc.assert(
      fc.property(fc.tuple(weight, weight, weight), fc.subarray(regions, { minLength: 1 }), verdictsArb, settingsArb, ([wa, wb, wc], servingNow, verdicts, s) => {
        const policy: PolicyConfig = { mode: 'active-active', weights: { [A]: wa, [B]: wb, [C]: wc } };
        const state = { traffic: distribute(policy.weights, servingNow), flipTimes: [] };
        const d = decide({ policy, state, verdicts, settings: s, now: NOW });
        if (d.kind !== 'flip') return;
        for (const r of regions) if (verdicts[r]?.status !== 'UP') expect(shareOf(d.plan.to, r)).toBeLessThanOrEqual(shareOf(state.traffic, r) + 1e-12);
      }),
    );
  });

  it('a pin wins: traffic never leaves the pinned region', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...regions), ({ policy, verdicts, settings: s }, pinned) => {
        const traffic = policy.mode === 'active-passive' ? singleActive(policy, pinned) : distribute(policy.weights, [pinned]);
        const pin = { region: pinned, reason: 'test', actor: 'op', at: 0 };
        expect(decide({ policy, state: { traffic, flipTimes: [], pin }, verdicts, settings: s, now: NOW })).toMatchObject({ kind: 'hold', code: 'pinned' });
      }),
    );
  });

  it('a flapping region: flips other than evacuations of a DOWN region are at least a hold-down apart', () => {
    const holdDownSeconds = 60;
    fc.assert(
      fc.property(fc.array(fc.tuple(status, status), { minLength: 20, maxLength: 200 }), policyArb, (steps, policy) => {
        const s = settings({ holdDownSeconds, flapWindowSeconds: 3600, maxFlipsPerWindow: 100, failback: 'auto', failbackDwellSeconds: 0 });
        let state: DecisionState = { traffic: policy.mode === 'active-passive' ? singleActive(policy, A) : distribute(activeActive.weights, regions), flipTimes: [] };
        let last: number | undefined;
        steps.forEach(([a, b], i) => {
          const now = NOW + i * 5000;
          const verdicts: Verdicts = { [A]: { status: a, since: now - 1, reason: '' }, [B]: { status: b, since: now - 1, reason: '' }, [C]: { status: 'UP' as const, since: 0, reason: '' } };
          const d = decide({ policy, state, verdicts, settings: s, now });
          if (d.kind !== 'flip') return;
          const evacuates = servingRegions(state.traffic).some((r) => verdicts[r]?.status === 'DOWN' && (d.plan.to[r] ?? 0) === 0);
          if (!evacuates) {
            if (last !== undefined) expect(now - last).toBeGreaterThanOrEqual(holdDownSeconds * 1000);
          }
          last = now;
          state = { traffic: d.plan.to, flipTimes: [...state.flipTimes, now] };
        });
      }),
    );
  });
});
