/**
 * From the recorder's calls to the report, through the Events table on DynamoDB Local: what the
 * checkers and the controller record during an outage and a failover comes back as one incident
 * with its timings.
 */
import { createEventStore, createHistoryRecorder } from '../../lambdas/history/create';
import { buildReport, windowEndingAt } from '../../lambdas/history/report';
import { systemClock } from '../../lambdas/platform/clock';
import { useEmulators } from '../support/emulators';
import { historyConfig } from './support/config';
import { A, B, DAY, HOUR, ON_A, ON_B, S, T0 } from './support/events';

const ctx = useEmulators();
// Fixtures are dated 2025: a retention that keeps them past today, or DynamoDB Local's TTL sweeper deletes them.
const config = historyConfig({ history: { retentionDays: 3650 } });

describe('recorded history → report (DynamoDB Local)', () => {
  it('turns the recorded outage, votes and flip phases into one incident with detect, decide, flip and RTO', async () => {
    const tables = await ctx.provisionTables('hist-report');
    const wiring = { documents: ctx.clients.documents, tableName: tables.events, config };
    const checker = createHistoryRecorder({ ...wiring, clock: systemClock });
    const controller = createHistoryRecorder({ ...wiring, clock: systemClock });
    const F = T0 + 3 * DAY;

    // two checkers fail from F and F+1 s and reach DOWN at F+10 s
    for (const [name, first] of [
      ['eu-west-1', F],
      ['us-west-2', F + S],
    ] as const) {
      checker.checkerStateChanged({
        region: A,
        checker: name,
        from: 'UP',
        to: 'DOWN',
        at: F + 10 * S,
        streakStartedAt: first,
        streakStartEstimated: false,
        failure: { reason: 'status', detail: 'status 503' },
      });
    }
    const votes = (state: 'UP' | 'DOWN') => [
      { checker: 'us-east-1', freshness: 'fresh' as const, state: 'UP' as const },
      { checker: 'us-west-2', freshness: 'fresh' as const, state },
      { checker: 'eu-west-1', freshness: 'fresh' as const, state },
    ];
    const tick = (at: number, a: 'UP' | 'DOWN', since: number) =>
      controller.verdictsObserved({
        evaluatedAt: at,
        by: 'controller@us-west-2 (term 4)',
        verdicts: { [A]: { status: a, since, reason: `${a}`, checkers: votes(a) }, [B]: { status: 'UP', since: T0, reason: 'UP', checkers: votes('UP') } },
      });
    tick(F - 30 * S, 'UP', T0);
    tick(F + 10_200, 'DOWN', F + 10 * S);
    controller.flipIntent({
      id: 'flip-1',
      plan: { cause: 'failover', from: ON_A, to: ON_B, reason: 'us-east-1 DOWN' },
      term: 4,
      actor: 'controller@us-west-2',
      trigger: 'stream',
      createdAt: F + 10_400,
    });
    controller.flipApplied({ flipId: 'flip-1', intentAt: F + 10_400, appliedAt: F + 10_450, applied: { mode: 'health-signal', changed: false } });
    controller.flipCompleted({
      id: 'flip-1',
      actor: 'controller@us-west-2',
      cause: 'failover',
      from: ON_A,
      to: ON_B,
      timings: { intentAt: F + 10_400, appliedAt: F + 10_450, completedAt: F + 10_600 },
      dns: { mode: 'health-signal' },
    });
    tick(F + HOUR + 500, 'DOWN', F + 10 * S); // unchanged: not recorded again
    tick(F + HOUR + 5000, 'UP', F + HOUR);
    // A put whose first attempt timed out on a cold emulator but landed is retried by the SDK and
    // reported as already there: stored once either way.
    const stored = (r: { written: number; existing: number }) => r.written + r.existing;
    const fromChecker = await checker.flush(30_000);
    expect(fromChecker).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    expect(stored(fromChecker)).toBe(2);
    const fromController = await controller.flush(30_000);
    expect(fromController).toMatchObject({ failed: 0, dropped: 0, pending: 0 });
    expect(stored(fromController)).toBe(7); // 2 first verdicts, DOWN, 3 flip phases, UP

    const report = await buildReport({ store: createEventStore(wiring), config, window: windowEndingAt(T0 + 30 * DAY), now: T0 + 30 * DAY });
    expect(report.incidents).toHaveLength(1);
    const [incident] = report.incidents;
    expect(incident).toMatchObject({ region: A, startedAt: F, firstChecker: 'eu-west-1', detect_s: 10, flips: ['flip-1'], duration_s: 3600, open: false });
    expect(incident!.decide_s).toBeCloseTo(0.4, 9);
    expect(incident!.flip_s).toBeCloseTo(0.2, 9);
    expect(incident!.rto_s).toBeCloseTo(20.6, 9); // committed F+10.6 s + 10 s of Route 53 signal checks (the deployed 10 s × 1)
    expect(report.availability.service.downtime_s).toBeCloseTo(20.6, 9);
    expect(report.data).toMatchObject({ events: 9, skipped: 0 });
  });
});
