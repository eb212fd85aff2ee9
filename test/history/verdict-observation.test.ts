/** The controller's verdict snapshot, from the real quorum verdict source, reaches the history with every checker's vote. */
import { QuorumVerdictSource } from '../../lambdas/health/quorum-verdicts';
import { buildObservation, type HealthStatus } from '../../lambdas/health/rules';
import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { StoreHistoryRecorder } from '../../lambdas/history/recorder';
import { verdictObservation } from '../../lambdas/history/verdict-observation';
import { ManualClock } from '../support/manual-clock';

const NOW = 1_800_000_000_000;
const config = { checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'], probe: { intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 8 } };

function obs(target: string, checker: string, state: HealthStatus, stateSince: number, observedAt = NOW - 1000) {
  return buildObservation({ target, checker, health: { state, consecutiveFailures: 0, consecutiveSuccesses: 0, stateSince }, recent: [], observedAt, seq: 1, intervalMs: 5000 });
}

describe('verdictObservation', () => {
  it('records a DOWN verdict dated by the quorum with each checker’s vote, including a stale one that did not count', async () => {
    const rows = [obs('a', 'us-east-1', 'DOWN', NOW - 12_000), obs('a', 'us-west-2', 'DOWN', NOW - 8_000), obs('a', 'eu-west-1', 'UP', NOW - 600_000, NOW - 60_000)];
    const snapshot = await new QuorumVerdictSource({ loadForTargets: () => Promise.resolve(rows) }, config, { wallMs: () => NOW }).verdicts(['a']);
    const store = new MemoryEventStore();
    const recorder = new StoreHistoryRecorder({ store, clock: new ManualClock() });
    recorder.verdictsObserved(verdictObservation(snapshot, 'controller@us-west-2 (term 2)', NOW + 5));
    await recorder.flush();
    const [event] = (await store.range(NOW - 60_000, NOW + 60_000)).events;
    expect(event).toEqual({
      kind: 'verdict',
      region: 'a',
      status: 'DOWN',
      at: NOW - 8_000,
      evaluatedAt: NOW,
      reason: expect.stringMatching(/2 DOWN, 0 UP/),
      checkers: [
        { checker: 'us-east-1', freshness: 'fresh', state: 'DOWN' },
        { checker: 'us-west-2', freshness: 'fresh', state: 'DOWN' },
        { checker: 'eu-west-1', freshness: 'stale', state: 'UP' },
      ],
      by: 'controller@us-west-2 (term 2)',
    });
  });
});
