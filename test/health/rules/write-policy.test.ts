/** Write policy: every state change is written, and a steady checker still writes before it goes stale. */
import fc from 'fast-check';
import { applyProbe, INITIAL_HEALTH } from '../../../lambdas/health/rules/state-machine';
import { heartbeatIntervals, writeReason } from '../../../lambdas/health/rules/write-policy';

describe('writeReason', () => {
  it('writes the first round, state changes, streak boundaries, heartbeats and the last round', () => {
    const steady = { firstOfInvocation: false, stateChanged: false, lastWrittenOk: true, ok: true, intervalsSinceWrite: 1, staleAfterIntervals: 3, lastRound: false };
    expect(writeReason(steady)).toBeUndefined();
    expect(writeReason({ ...steady, firstOfInvocation: true })).toBe('first');
    expect(writeReason({ ...steady, stateChanged: true })).toBe('state');
    expect(writeReason({ ...steady, ok: false })).toBe('streak');
    expect(writeReason({ ...steady, intervalsSinceWrite: 2 })).toBe('heartbeat');
    expect(writeReason({ ...steady, lastRound: true })).toBe('last');
  });

  it('simulated over any outcome sequence: every state change is written and writes are never further apart than staleAfterIntervals − 1', () => {
    const thresholds = { failureThreshold: 3, recoveryThreshold: 3 };
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 8 }), (outcomes, staleAfterIntervals) => {
        let health = INITIAL_HEALTH;
        let lastWrittenOk: boolean | undefined;
        let lastWriteRound: number | undefined;
        outcomes.forEach((ok, round) => {
          const t = applyProbe(health, ok, thresholds, round);
          health = t.health;
          const reason = writeReason({
            firstOfInvocation: lastWriteRound === undefined,
            stateChanged: t.changed,
            lastWrittenOk,
            ok,
            intervalsSinceWrite: lastWriteRound === undefined ? 0 : round - lastWriteRound,
            staleAfterIntervals,
            lastRound: round === outcomes.length - 1,
          });
          if (t.changed) expect(reason).toBeDefined();
          if (reason !== undefined) {
            if (lastWriteRound !== undefined) expect(round - lastWriteRound).toBeLessThanOrEqual(heartbeatIntervals(staleAfterIntervals));
            lastWriteRound = round;
            lastWrittenOk = ok;
          }
        });
        expect(lastWriteRound).toBe(outcomes.length - 1);
      }),
    );
  });
});
