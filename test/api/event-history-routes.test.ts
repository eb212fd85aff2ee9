/** `GET /report` and `GET /incidents` through the app, over an in-memory event store. */
import { createApp } from '../../lambdas/api/app';
import { StoreEventHistoryPort } from '../../lambdas/api/event-history-port';
import { MemoryEventStore, historySchemas } from '../../lambdas/history';
import { ManualClock } from '../support/manual-clock';
import { historyConfig } from '../history/support/config';
import { A, HOUR, MIN, ON_A, ON_B, S, flipEvents, outageEvents } from '../history/support/events';
import { fakeServices } from './fake-services';

const NOW = 1_700_000_000_000;

async function app() {
  const store = new MemoryEventStore();
  for (const e of [...outageEvents(A, NOW - 2 * HOUR, NOW - 2 * HOUR + 10 * S, NOW - HOUR), ...flipEvents('f1', NOW - 2 * HOUR + 11 * S, NOW - 2 * HOUR + 11 * S + 300, ON_A, ON_B)])
    await store.put(e);
  const base = fakeServices();
  return createApp({ ...base, events: new StoreEventHistoryPort({ store, config: historyConfig(), clock: new ManualClock(NOW), status: base.status }) }, { auth: { kind: 'bearer', token: 't' } });
}

test('GET /report answers the window’s figures in the documented shape, or Markdown when asked', async () => {
  const a = await app();
  const res = await a.request('/report?window=1d');
  expect(res.status).toBe(200);
  const report = historySchemas.reportResponse.parse(await res.json());
  expect(report.window).toEqual({ start: NOW - 24 * HOUR, end: NOW });
  expect(report.availability.regions[A]).toMatchObject({ failures: 1, mttr_s: HOUR / 1000 });
  const md = await a.request('/report?window=1d&format=markdown');
  expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
  expect(await md.text()).toMatch(/^# /);
});

test('GET /incidents answers the incidents with their timings, of one region when asked; bad windows are 400', async () => {
  const a = await app();
  const body = historySchemas.incidentsResponse.parse(await (await a.request('/incidents?window=1d')).json());
  expect(body.incidents).toHaveLength(1);
  expect(body.incidents[0]).toMatchObject({ region: A, detect_s: 10, decide_s: 1, open: false });
  const other = historySchemas.incidentsResponse.parse(await (await a.request('/incidents?window=1d&region=us-west-2')).json());
  expect(other.incidents).toEqual([]);
  expect((await a.request('/incidents?window=3y')).status).toBe(400);
  expect((await a.request(`/incidents?window=1d&x=${MIN}`)).status).toBe(400);
});
