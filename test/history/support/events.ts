/** Event builders for history tests: every field spelled out once, overridable per test. */
import type { CheckerStateEvent, DrillStepEvent, FlipCompletedEvent, FlipIntentEvent, VerdictEvent } from '../../../lambdas/history/rules/events';

export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
export const S = 1000;
export const MIN = 60 * S;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const A = 'us-east-1';
export const B = 'us-west-2';
export const CHECKERS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export function verdict(region: string, status: VerdictEvent['status'], at: number, overrides: Partial<VerdictEvent> = {}): VerdictEvent {
  const voting = status === 'UNKNOWN' ? [] : CHECKERS.map((checker) => ({ checker, freshness: 'fresh' as const, state: status }));
  return { kind: 'verdict', region, status, at, evaluatedAt: at, reason: `${status} by test`, checkers: voting, by: 'controller@test (term 1)', ...overrides };
}

export function checkerDown(region: string, checker: string, firstFailedAt: number, at: number, overrides: Partial<CheckerStateEvent> = {}): CheckerStateEvent {
  return {
    kind: 'checker-state',
    region,
    checker,
    from: 'UP',
    to: 'DOWN',
    at,
    streakStartedAt: firstFailedAt,
    streakStartEstimated: false,
    failure: { reason: 'status', detail: 'status 503 (expected 200–299)' },
    ...overrides,
  };
}

export function flipIntent(flipId: string, intentAt: number, from: Record<string, number>, to: Record<string, number>, overrides: Partial<FlipIntentEvent> = {}): FlipIntentEvent {
  return { kind: 'flip-intent', flipId, intentAt, at: intentAt, cause: 'failover', from, to, actor: 'controller@us-west-2', trigger: 'stream', term: 1, reason: 'test flip', ...overrides };
}

export function flipCompleted(
  flipId: string,
  times: { intentAt: number; appliedAt: number; completedAt: number },
  from: Record<string, number>,
  to: Record<string, number>,
  overrides: Partial<FlipCompletedEvent> = {},
): FlipCompletedEvent {
  return {
    kind: 'flip-completed',
    flipId,
    intentAt: times.intentAt,
    appliedAt: times.appliedAt,
    at: times.completedAt,
    mode: 'health-signal',
    cause: 'failover',
    from,
    to,
    actor: 'controller@us-west-2',
    ...overrides,
  };
}

export function drillStep(drillId: string, seq: number, step: DrillStepEvent['step'], at: number, overrides: Partial<DrillStepEvent> = {}): DrillStepEvent {
  return { kind: 'drill-step', drillId, seq, step, at, code: step, detail: `${step} at ${at}`, ...overrides };
}

export const ON_A = { [A]: 1, [B]: 0 };
export const ON_B = { [A]: 0, [B]: 1 };

/**
 * The events of one outage of `region` as the checkers and the controller record them: two
 * checkers' first failed probes (`firstFailedAt` and one second later), both DOWN at `downAt` (so
 * the quorum DOWN is at `downAt`), and quorum UP again at `upAt` (none: still open).
 */
export function outageEvents(region: string, firstFailedAt: number, downAt: number, upAt?: number): Array<CheckerStateEvent | VerdictEvent> {
  const down = verdict(region, 'DOWN', downAt, {
    evaluatedAt: downAt + 200,
    checkers: [
      { checker: 'us-east-1', freshness: 'fresh', state: 'UP' },
      { checker: 'us-west-2', freshness: 'fresh', state: 'DOWN' },
      { checker: 'eu-west-1', freshness: 'fresh', state: 'DOWN' },
    ],
  });
  return [checkerDown(region, 'eu-west-1', firstFailedAt, downAt), checkerDown(region, 'us-west-2', firstFailedAt + 1000, downAt), down, ...(upAt === undefined ? [] : [verdict(region, 'UP', upAt)])];
}

/** Intent, apply and completion of one health-signal flip. */
export function flipEvents(flipId: string, intentAt: number, completedAt: number, from: Record<string, number>, to: Record<string, number>, overrides: Partial<FlipCompletedEvent> = {}) {
  return [flipIntent(flipId, intentAt, from, to), flipCompleted(flipId, { intentAt, appliedAt: intentAt + (completedAt - intentAt) / 2, completedAt }, from, to, overrides)];
}
