/**
 * Records a checker's state changes in the event history without touching the probe loop: a
 * decorator over the loop's telemetry port. It remembers where each target's current run of
 * failures (or successes) began, so a change to DOWN is recorded with the first failed probe that
 * began the outage as this checker saw it. A run that began in an earlier invocation is dated
 * from its length × the interval (`streakStartEstimated`).
 */
import type { CheckerTelemetry, HealthState, ProbeResult, StateChange } from '../health';
import type { HistoryRecorder } from './recorder';

interface Streak {
  readonly ok: boolean;
  readonly startedAt: number;
}

export function withHistory(inner: CheckerTelemetry, recorder: Pick<HistoryRecorder, 'checkerStateChanged'>, intervalMs: number): CheckerTelemetry {
  const streaks = new Map<string, Streak>();

  function streakStart(change: StateChange): { startedAt: number; estimated: boolean } {
    const ok = change.to === 'UP';
    const seen = streaks.get(change.target);
    if (seen !== undefined && seen.ok === ok) return { startedAt: seen.startedAt, estimated: false };
    const length = ok ? change.consecutiveSuccesses : change.consecutiveFailures;
    return { startedAt: Math.max(0, change.result.startedAt - Math.max(0, length - 1) * intervalMs), estimated: true };
  }

  return {
    probed(result: ProbeResult, health: HealthState): void {
      const first = result.ok ? health.consecutiveSuccesses === 1 : health.consecutiveFailures === 1;
      if (first) streaks.set(result.target, { ok: result.ok, startedAt: result.startedAt });
      inner.probed(result, health);
    },
    wrote: (target, seq, reason) => inner.wrote(target, seq, reason),
    stateChanged(change: StateChange): void {
      const start = streakStart(change);
      recorder.checkerStateChanged({
        region: change.target,
        checker: change.checker,
        from: change.from,
        to: change.to,
        at: change.at,
        streakStartedAt: start.startedAt,
        streakStartEstimated: start.estimated,
        ...(change.to === 'DOWN' ? { failure: { reason: change.result.reason ?? 'error', detail: change.result.detail.slice(0, 500) } } : {}),
      });
      inner.stateChanged(change);
    },
    roundCompleted: (summary) => inner.roundCompleted(summary),
    problem: (problem) => inner.problem(problem),
  };
}
