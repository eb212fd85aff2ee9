/** Observation items: bounded recent list, TTL, and state carried over between invocations. */
import fc from 'fast-check';
import { appendRecent, buildObservation, healthFromObservation, OBSERVATION_TTL_SECONDS, RECENT_RESULTS, summarize } from '../../../lambdas/health/rules/observation';
import { INITIAL_HEALTH } from '../../../lambdas/health/rules/state-machine';
import type { RecentResult } from '../../../lambdas/health/rules/types';

describe('observations', () => {
  it('keeps the newest RECENT_RESULTS results, newest last', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { maxLength: 40 }), (ats) => {
        let recent: RecentResult[] = [];
        for (const at of ats) recent = appendRecent(recent, { at, ok: true, ms: 1 });
        expect(recent.map((r) => r.at)).toEqual(ats.slice(-RECENT_RESULTS));
      }),
    );
  });

  it('summarizes a probe result without undefined fields', () => {
    const ok = summarize({ target: 't', checker: 'c', startedAt: 5, ok: true, detail: 'status 200', status: 200, latencyMs: 12.6 });
    expect(ok).toEqual({ at: 5, ok: true, ms: 13, status: 200 });
    expect(Object.keys(summarize({ target: 't', checker: 'c', startedAt: 5, ok: false, reason: 'timeout', detail: 'x', latencyMs: 2000 }))).toEqual(['at', 'ok', 'ms', 'reason']);
  });

  it('round-trips the state machine state through an observation and sets the TTL a day ahead', () => {
    const health = { state: 'DOWN' as const, consecutiveFailures: 4, consecutiveSuccesses: 0, stateSince: 1_700_000_000_000 };
    const o = buildObservation({ target: 'us-east-1', checker: 'eu-west-1', health, recent: [], observedAt: 1_700_000_001_500, seq: 7, intervalMs: 5000, writer: 'req-1' });
    expect(o).toMatchObject({ state: 'DOWN', consecutiveFailures: 4, seq: 7, writer: 'req-1', expiresAt: 1_700_000_001 + OBSERVATION_TTL_SECONDS });
    expect(healthFromObservation(o)).toEqual(health);
    expect(healthFromObservation(undefined)).toEqual(INITIAL_HEALTH);
    expect('stateSince' in buildObservation({ target: 't', checker: 'c', health: INITIAL_HEALTH, recent: [], observedAt: 0, seq: 1, intervalMs: 5000 })).toBe(false);
  });
});
