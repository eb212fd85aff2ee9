/** `GET /timeline` and `GET /timeline/svg` through the app, over an in-memory event store and the live status. */
import { createApp } from '../../lambdas/api/app';
import { StoreEventHistoryPort } from '../../lambdas/api/event-history-port';
import { MemoryEventStore, timelineSchemas } from '../../lambdas/history';
import { ManualClock } from '../support/manual-clock';
import { historyConfig } from '../history/support/config';
import { A, B, MIN, ON_A, ON_B, S, flipEvents, outageEvents, verdict } from '../history/support/events';
import { fakeServices } from './fake-services';

const NOW = 1_700_000_000_000;

async function setup(options: { events?: boolean } = {}) {
  const clock = new ManualClock(NOW);
  const store = new MemoryEventStore();
  for (const e of [verdict(A, 'UP', NOW - 2 * 3_600_000), ...outageEvents(A, NOW - 20 * MIN, NOW - 20 * MIN + 10 * S), ...flipEvents('f1', NOW - 19 * MIN, NOW - 19 * MIN + 300, ON_A, ON_B)]) {
    await store.put(e);
  }
  const base = fakeServices();
  const services = options.events === false ? base : { ...base, events: new StoreEventHistoryPort({ store, config: historyConfig(), clock, status: base.status }) };
  const app = createApp(services, { auth: { kind: 'bearer', token: 't' } });
  return { app, get: (path: string) => app.request(path) };
}

describe('GET /timeline', () => {
  test('answers the window’s lanes and markers in the documented shape, the live state where nothing changed', async () => {
    const { get } = await setup();
    const res = await get('/timeline?window=1h');
    expect(res.status).toBe(200);
    const body = timelineSchemas.timelineResponse.parse(await res.json());
    expect(body.window).toEqual({ start: NOW - 3_600_000, end: NOW });
    const a = body.regions.find((r) => r.region === A)!;
    expect(a.lanes[0]!.bands.map((b) => b.state)).toEqual(['UP', 'DOWN']);
    expect(body.markers.map((m) => [m.flipId, m.at])).toEqual([['f1', NOW - 19 * MIN + 300]]);
    // B recorded nothing: its quorum lane is the live verdict (the fake status says UP).
    expect(body.regions.find((r) => r.region === B)!.lanes[0]).toMatchObject({ source: 'live', bands: [{ state: 'UP', start: NOW - 3_600_000, end: NOW }] });
  });

  test('a window that ended in the past takes no live state', async () => {
    const { get } = await setup();
    const body = timelineSchemas.timelineResponse.parse(await (await get(`/timeline?window=15m&end=${new Date(NOW - 30 * MIN).toISOString()}`)).json());
    expect(body.regions.find((r) => r.region === B)!.lanes[0]).toMatchObject({ source: 'none', bands: [] });
  });

  test('refuses windows over 7 days and malformed lengths with a 400 naming the field', async () => {
    const { get } = await setup();
    for (const query of ['window=8d', 'window=0h', 'window=1w', 'end=yesterday', 'extra=1']) {
      const res = await get(`/timeline?${query}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'validation_failed' });
    }
  });
});

test('GET /timeline still answers the recorded bands when the live status cannot be read', async () => {
  const store = new MemoryEventStore();
  await store.put(verdict(A, 'DOWN', NOW - 10 * MIN));
  const base = fakeServices({ failStatus: new Error('coordination table unreachable') });
  const app = createApp({ ...base, events: new StoreEventHistoryPort({ store, config: historyConfig(), clock: new ManualClock(NOW), status: base.status }) }, { auth: { kind: 'bearer', token: 't' } });
  const body = timelineSchemas.timelineResponse.parse(await (await app.request('/timeline?window=15m')).json());
  expect(body.regions.map((r) => [r.region, r.lanes[0]!.source, r.lanes[0]!.bands.map((b) => b.state)])).toEqual([
    [A, 'events', ['DOWN']],
    [B, 'none', []],
  ]);
});

describe('GET /timeline/svg', () => {
  test('draws the swimlane as SVG with a CSP that allows nothing to load', async () => {
    const { get } = await setup();
    const res = await get('/timeline/svg?window=1h&tz=Europe/Berlin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('data-flip-id="f1"');
    expect(svg).toContain('Europe/Berlin (GMT+1)');
    expect(svg).toContain(`<g class="now" data-at="${NOW}">`);
  });

  test('refuses a time zone it does not know', async () => {
    const { get } = await setup();
    const res = await get('/timeline/svg?tz=Mars/Olympus_Mons');
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/IANA time zone/);
  });
});

test('without an Events table the timeline routes do not exist, and the figures say why they are unavailable', async () => {
  const { get } = await setup({ events: false });
  for (const path of ['/timeline', '/timeline/svg']) expect((await get(path)).status).toBe(404);
  for (const path of ['/report', '/incidents']) expect((await get(path)).status).toBe(503);
});
