/** Hysteresis: a state changes only after a full run of failures or successes. */
import fc from 'fast-check';
import { applyProbe, INITIAL_HEALTH } from '../../../lambdas/health/rules/state-machine';
import type { HealthState, HealthStatus, Thresholds } from '../../../lambdas/health/rules/types';

const thresholdsArb = fc.record({ failureThreshold: fc.integer({ min: 1, max: 10 }), recoveryThreshold: fc.integer({ min: 1, max: 10 }) });
const outcomesArb = fc.array(fc.boolean(), { maxLength: 60 });

function run(outcomes: readonly boolean[], thresholds: Thresholds, start: HealthState = INITIAL_HEALTH): { states: HealthStatus[]; final: HealthState; changedAt: number[] } {
  let health = start;
  const states: HealthStatus[] = [];
  const changedAt: number[] = [];
  outcomes.forEach((ok, i) => {
    const t = applyProbe(health, ok, thresholds, 1000 + i);
    if (t.changed) changedAt.push(i);
    expect(t.previous).toBe(health.state);
    health = t.health;
    states.push(health.state);
  });
  return { states, final: health, changedAt };
}

function trailingRun(outcomes: readonly boolean[], end: number, value: boolean): number {
  let n = 0;
  for (let i = end; i >= 0 && outcomes[i] === value; i -= 1) n += 1;
  return n;
}

describe('applyProbe', () => {
  it('starts UNKNOWN and leaves it only when a threshold is met', () => {
    fc.assert(
      fc.property(outcomesArb, thresholdsArb, (outcomes, thresholds) => {
        const { states } = run(outcomes, thresholds);
        states.forEach((state, i) => {
          const metSoFar = outcomes.slice(0, i + 1).some((_, j) => trailingRun(outcomes, j, false) >= thresholds.failureThreshold || trailingRun(outcomes, j, true) >= thresholds.recoveryThreshold);
          expect(state === 'UNKNOWN').toBe(!metSoFar);
        });
      }),
    );
  });

  it('turns DOWN only after failureThreshold consecutive failures, and UP only after recoveryThreshold consecutive successes', () => {
    fc.assert(
      fc.property(outcomesArb, thresholdsArb, (outcomes, thresholds) => {
        const { states, changedAt } = run(outcomes, thresholds);
        for (const i of changedAt) {
          if (states[i] === 'DOWN') expect(trailingRun(outcomes, i, false)).toBeGreaterThanOrEqual(thresholds.failureThreshold);
          if (states[i] === 'UP') expect(trailingRun(outcomes, i, true)).toBeGreaterThanOrEqual(thresholds.recoveryThreshold);
        }
      }),
    );
  });

  it('never lets a blip shorter than the threshold change an established state', () => {
    fc.assert(
      fc.property(thresholdsArb, fc.integer({ min: 0, max: 9 }), fc.boolean(), (thresholds, blipLength, fromUp) => {
        const opposite = !fromUp;
        const threshold = fromUp ? thresholds.failureThreshold : thresholds.recoveryThreshold;
        const blip = Math.min(blipLength, threshold - 1);
        const settle = Array<boolean>(fromUp ? thresholds.recoveryThreshold : thresholds.failureThreshold).fill(fromUp);
        const outcomes = [...settle, ...Array<boolean>(blip).fill(opposite), fromUp];
        const { states } = run(outcomes, thresholds);
        expect(states.slice(settle.length - 1).every((s) => s === (fromUp ? 'UP' : 'DOWN'))).toBe(true);
      }),
    );
  });

  it('needs recoveryThreshold successes in a row to recover from DOWN', () => {
    fc.assert(
      fc.property(thresholdsArb, (thresholds) => {
        const down = run(Array<boolean>(thresholds.failureThreshold).fill(false), thresholds).final;
        expect(down.state).toBe('DOWN');
        const almost = run([...Array<boolean>(thresholds.recoveryThreshold - 1).fill(true), false], thresholds, down);
        expect(almost.states.every((s) => s === 'DOWN')).toBe(true);
        const recovered = run(Array<boolean>(thresholds.recoveryThreshold).fill(true), thresholds, down);
        expect(recovered.final.state).toBe('UP');
      }),
    );
  });

  it('keeps exactly the trailing run in the counters and stamps stateSince only on a change', () => {
    fc.assert(
      fc.property(
        outcomesArb.filter((o) => o.length > 0),
        thresholdsArb,
        (outcomes, thresholds) => {
          const { final, changedAt } = run(outcomes, thresholds);
          const last = outcomes.length - 1;
          expect(final.consecutiveFailures).toBe(trailingRun(outcomes, last, false));
          expect(final.consecutiveSuccesses).toBe(trailingRun(outcomes, last, true));
          expect(final.stateSince).toBe(changedAt.length === 0 ? undefined : 1000 + changedAt[changedAt.length - 1]!);
        },
      ),
    );
  });
});
