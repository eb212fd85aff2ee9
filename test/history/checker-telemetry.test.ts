/**
 * The checker's state changes reach the history through a telemetry decorator, driven here by the
 * real probe loop on a manual clock: a change to DOWN carries the first failed probe of its run.
 */
import { healthCheckSchema } from '../../lambdas/config/schema';
import { runProbeLoop } from '../../lambdas/health/checker/loop';
import { silentTelemetry, type CheckerTelemetry, type StateChange } from '../../lambdas/health/checker/telemetry';
import { withHistory } from '../../lambdas/history/checker-telemetry';
import type { CheckerStateInput } from '../../lambdas/history/recorder';
import { MemoryObservationStore } from '../health/checker/support/memory-store';
import { ScriptedProber } from '../health/checker/support/scripted-prober';
import { ManualClock } from '../support/manual-clock';

const INTERVAL = 5000;
const settings = { intervalMs: INTERVAL, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 8 };
const target = { name: 'us-east-1', spec: healthCheckSchema.parse({ protocol: 'HTTP', host: 'a', timeoutMs: 2000 }) };

function capture() {
  const recorded: CheckerStateInput[] = [];
  const passedOn: StateChange[] = [];
  const inner: CheckerTelemetry = { ...silentTelemetry, stateChanged: (c) => passedOn.push(c) };
  return { recorded, passedOn, telemetry: withHistory(inner, { checkerStateChanged: (c) => recorded.push(c) }, INTERVAL) };
}

describe('withHistory (checker telemetry)', () => {
  it('records each state change once, a DOWN with the first failed probe of the run that crossed the threshold, and passes every call on', async () => {
    const clock = new ManualClock();
    const wall = (ms: number) => clock.wallMs() - clock.monotonicMs() + ms;
    // Healthy until 20 s, failing from 20 s to 45 s, healthy again after.
    const prober = new ScriptedProber(clock, (_host, _call, now) => ({ ok: now < 20_000 || now >= 45_000 }));
    const { recorded, passedOn, telemetry } = capture();
    await clock.run(runProbeLoop({ checker: 'eu-west-1', targets: [target], settings, prober, store: new MemoryObservationStore(), clock, telemetry, deadline: 59_000 }));
    expect(recorded.map((r) => [r.from, r.to])).toEqual([
      ['UNKNOWN', 'UP'],
      ['UP', 'DOWN'],
      ['DOWN', 'UP'],
    ]);
    const down = recorded[1]!;
    expect(down).toMatchObject({ region: 'us-east-1', checker: 'eu-west-1', streakStartEstimated: false, failure: { reason: 'refused', detail: 'scripted failure' } });
    const firstFailedProbe = prober.calls.find((c) => c.at >= 20_000)!.at;
    expect(down.streakStartedAt).toBe(wall(firstFailedProbe));
    expect(down.at).toBeGreaterThan(down.streakStartedAt + (settings.failureThreshold - 1) * INTERVAL - 1);
    const up = recorded[2]!;
    expect(up.streakStartedAt).toBe(wall(prober.calls.find((c) => c.at >= 45_000)!.at));
    expect(passedOn).toHaveLength(3);
  });

  it('dates a run that began before this invocation from its length and the interval, and says it is estimated', () => {
    const { recorded, telemetry } = capture();
    const result = { ok: false, reason: 'timeout' as const, detail: 'no answer within 2000 ms', latencyMs: 2000, target: 'us-east-1', checker: 'eu-west-1', startedAt: 1_000_000 };
    telemetry.probed(result, { state: 'DOWN', consecutiveFailures: 3, consecutiveSuccesses: 0, stateSince: 1_002_000 });
    telemetry.stateChanged({ target: 'us-east-1', checker: 'eu-west-1', from: 'UP', to: 'DOWN', at: 1_002_000, consecutiveFailures: 3, consecutiveSuccesses: 0, result });
    expect(recorded[0]).toMatchObject({ streakStartedAt: 1_000_000 - 2 * INTERVAL, streakStartEstimated: true, failure: { reason: 'timeout' } });
  });
});
