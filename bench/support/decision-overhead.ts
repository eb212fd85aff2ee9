/**
 * The recorder's cost on the real decision path: the controller built by the wiring root
 * (`buildController`) ticks against DynamoDB Local — leadership by decree, verdicts from real
 * observations in the Observations table — and every tick is a failover (the active region's
 * checkers report it DOWN, the other region UP). Recording on and off alternate tick by tick, in
 * alternating order, on the same controller and tables; only the history observer differs.
 *
 *   decision_ms  tick start → the flip committed and its route table published (the moment the
 *                controller notes the completion; the same instant in both modes);
 *   tick_ms      the whole tick: also the outbox delivery and, with recording on, the flush of the
 *                tick's events (2 verdict changes + 3 flip phases) to the Events table.
 */
import type { AwsClients } from '../../lambdas/platform/aws-clients';
import type { FailoverConfig } from '../../lambdas/config';
import { noFailoverEvents, type FailoverEvents } from '../../lambdas/failover/failover-events';
import type { LeaderTerm } from '../../lambdas/failover/leadership';
import { RecordingMetrics } from '../../lambdas/failover/metrics';
import { silentNotifier } from '../../lambdas/failover/notifier';
import { servingRegions } from '../../lambdas/failover/rules';
import { DynamoDbObservationStore } from '../../lambdas/health/dynamodb-observation-store';
import { buildObservation } from '../../lambdas/health/rules';
import { recordingFailoverEvents, StoreHistoryRecorder, type HistoryEventStore, type RecorderStats } from '../../lambdas/history';
import type { Clock } from '../../lambdas/platform/clock';
import { systemClock } from '../../lambdas/platform/clock';
import type { TableNames } from '../../lambdas/platform/tables';
import { buildController } from '../../lambdas/wiring';

/** Wall clock moved by the bench (an hour per flip, so flap damping never holds); monotonic and sleeps real. */
class SteppedClock implements Clock {
  constructor(public now: number) {}
  monotonicMs = (): number => performance.now();
  wallMs = (): number => this.now;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => systemClock.sleep(ms, signal);
}

export interface DecisionOverhead {
  readonly decisionMs: { readonly on: number[]; readonly off: number[] };
  readonly tickMs: { readonly on: number[]; readonly off: number[] };
  readonly recorded: RecorderStats;
}

export async function measureDecisionOverhead(options: {
  readonly clients: AwsClients;
  readonly tables: TableNames;
  readonly config: FailoverConfig;
  readonly events: Pick<HistoryEventStore, 'put'>;
  readonly warmup: number;
  readonly samples: number;
}): Promise<DecisionOverhead> {
  const { clients, tables, config } = options;
  const regions = config.appRegions.map((a) => a.region);
  const clock = new SteppedClock(Date.now());
  const recorder = new StoreHistoryRecorder({ store: options.events, clock: systemClock });
  const recording = recordingFailoverEvents(recorder);
  let current: FailoverEvents = noFailoverEvents;
  let committedAt = 0;
  // The same observer object in both modes: it notes when the flip committed, then hands on.
  const events: FailoverEvents = {
    verdictsObserved: (...args) => current.verdictsObserved(...args),
    flipIntent: (intent) => current.flipIntent(intent),
    flipApplied: (notice) => current.flipApplied(notice),
    flipCompleted: (audit) => {
      committedAt = performance.now();
      current.flipCompleted(audit);
    },
    flush: () => current.flush(),
  };
  const lead: LeaderTerm = { term: 1, signal: new AbortController().signal };
  const controller = buildController({ config, region: regions[0] ?? 'us-east-1', tableRegion: 'us-east-1', tables }, clients, {
    clock,
    leadership: { tryLead: () => Promise.resolve(lead) },
    metrics: new RecordingMetrics(),
    notifier: silentNotifier,
    events,
  });
  const observations = new DynamoDbObservationStore({ documents: clients.documents, tableName: tables.observations });
  const intervalMs = config.probe.intervalSeconds * 1000;
  let seq = 0;
  let active = regions[0] ?? '';

  /** Every checker reports `down` DOWN and the others UP, as of now. */
  async function observe(down: string): Promise<void> {
    seq += 1;
    await Promise.all(
      regions.flatMap((target) =>
        config.checkerRegions.map((checker) => {
          const state = target === down ? 'DOWN' : 'UP';
          const health = { state, consecutiveFailures: state === 'DOWN' ? 3 : 0, consecutiveSuccesses: state === 'UP' ? 3 : 0, stateSince: clock.now - 1000 } as const;
          return observations.put(buildObservation({ target, checker, health, recent: [], observedAt: clock.now, seq, intervalMs }));
        }),
      ),
    );
  }

  const result = { decisionMs: { on: [] as number[], off: [] as number[] }, tickMs: { on: [] as number[], off: [] as number[] } };
  for (let i = 0; i < options.warmup + options.samples; i++) {
    for (const mode of i % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      clock.now += 3_600_000;
      await observe(active);
      current = mode === 'on' ? recording : noFailoverEvents;
      committedAt = 0;
      const t0 = performance.now();
      const tick = await controller.tick('stream');
      const t1 = performance.now();
      if (tick.outcome !== 'flipped' || committedAt === 0) throw new Error(`expected a failover away from ${active}, got ${JSON.stringify(tick)}`);
      active = servingRegions(tick.flip.plan.to)[0] ?? '';
      if (i < options.warmup) continue;
      result.decisionMs[mode].push(committedAt - t0);
      result.tickMs[mode].push(t1 - t0);
    }
  }
  const { pending: _pending, timedOut: _timedOut, ...recorded } = await recorder.flush();
  return { ...result, recorded };
}
