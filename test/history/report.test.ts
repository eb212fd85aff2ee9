/**
 * The report builder over the in-memory store: what it reads, that its JSON matches the published
 * response schema, and the incident list.
 */
import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { buildReport, listIncidents, windowEndingAt } from '../../lambdas/history/report';
import { incidentsResponse, reportResponse } from '../../lambdas/history/schemas';
import type { HistoryEventStore } from '../../lambdas/history/event-store';
import { A, B, DAY, HOUR, ON_A, ON_B, S, T0, flipEvents, outageEvents } from './support/events';
import { historyConfig } from './support/config';

// The hand-worked figures assume signal checks of 10 s × 2 (the 'moved' time adds interval × threshold).
const SIGNAL_CHECK = { requestIntervalSeconds: 10, failureThreshold: 2 } as const;

const END = T0 + 30 * DAY;
const F = T0 + 10 * DAY;

async function storeWith(...events: Parameters<MemoryEventStore['put']>[0][]): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  for (const e of events) await store.put(e);
  return store;
}

async function scenario(): Promise<MemoryEventStore> {
  return storeWith(
    ...outageEvents(A, F, F + 10 * S, F + HOUR),
    ...flipEvents('f1', F + 10_500, F + 10_800, ON_A, ON_B),
    ...outageEvents(B, F + 5 * DAY, F + 5 * DAY + 10 * S, F + 5 * DAY + 20 * 60 * S),
  );
}

describe('buildReport', () => {
  it('reads the window plus two days of look-back and reports it under the config’s SLO and mode', async () => {
    const store = await scenario();
    const ranges: Array<[number, number]> = [];
    const spy: Pick<HistoryEventStore, 'range'> = { range: (from, to) => (ranges.push([from, to]), store.range(from, to)) };
    const report = await buildReport({ store: spy, config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END + 5 });
    expect(ranges).toEqual([[T0 - 2 * DAY, END]]);
    expect(report).toMatchObject({ service: 'shop-api', generatedAt: END + 5, slo: 0.9995, policy: 'active-passive', flipMode: 'health-signal', window: { start: T0, end: END } });
    expect(report.data).toEqual({ events: 10, skipped: 0, since: T0 - 2 * DAY });
    expect(report.incidents.map((i) => i.region)).toEqual([A, B]);
    // 30.8 s before traffic left us-east-1, then 20 min when us-west-2 — serving since the flip — was out
    expect(report.availability.service.downtime_s).toBeCloseTo(30.8 + 1200, 9);
  });

  it('produces JSON that the published response schema accepts unchanged', async () => {
    const report = await buildReport({ store: await scenario(), config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END });
    const wire = JSON.parse(JSON.stringify(report)) as unknown;
    expect(reportResponse.parse(wire)).toEqual(wire);
  });

  it('takes the live traffic as the traffic before the first recorded flip', async () => {
    // us-west-2 is serving (an old flip, outside the history): its outage is what users saw
    const store = await storeWith(...outageEvents(B, F, F + 10 * S, F + HOUR));
    const report = await buildReport({ store, config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END, currentTraffic: ON_B });
    expect(report.availability.service.downtime_s).toBe(3600);
    expect(report.incidents[0]).toMatchObject({ serving: true, rto_s: null });
  });
});

describe('listIncidents', () => {
  it('lists the window’s incidents newest first, optionally of one region, in the published schema', async () => {
    const store = await scenario();
    const all = await listIncidents({ store, config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END });
    expect(all.incidents.map((i) => i.region)).toEqual([B, A]);
    expect(incidentsResponse.parse(JSON.parse(JSON.stringify(all)))).toBeDefined();
    const onlyA = await listIncidents({ store, config: historyConfig(), window: windowEndingAt(END), signalCheck: SIGNAL_CHECK, now: END, region: A });
    expect(onlyA.incidents.map((i) => i.id)).toEqual([`${A}@${new Date(F + 10 * S).toISOString()}`]);
  });
});
