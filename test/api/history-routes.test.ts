/**
 * `GET /report` and `GET /incidents` through the real app and the real report builder, on an
 * in-memory Events table holding one worked incident: the figures reach the client as the history
 * computes them, bad windows are 400 with the field named, and a deployment without an Events
 * table says so (503) instead of failing.
 */
import { createApp } from '../../lambdas/api/app';
import { buildOpenApi } from '../../lambdas/api/openapi';
import { historyRoutes } from '../../lambdas/api/history-routes';
import { HistoryReportPort } from '../../lambdas/api/report-port';
import { MemoryEventStore } from '../../lambdas/history';
import { historyConfig } from '../history/support/config';
import { A, B, HOUR, ON_A, ON_B, S, T0, flipEvents, outageEvents } from '../history/support/events';
import { fakeServices } from './fake-services';

const NOW = T0 + 10 * HOUR;
const FIRST_FAILED = T0 + 2 * HOUR;

async function appWithHistory() {
  const store = new MemoryEventStore();
  // us-east-1 fails at F; quorum DOWN at F + 10 s; flip intent at F + 10.5 s, committed at F + 10.8 s; UP at F + 1 h.
  for (const e of [...outageEvents(A, FIRST_FAILED, FIRST_FAILED + 10 * S, FIRST_FAILED + HOUR), ...flipEvents('f1', FIRST_FAILED + 10_500, FIRST_FAILED + 10_800, ON_A, ON_B)]) await store.put(e);
  const services = { ...fakeServices(), reports: new HistoryReportPort({ store, config: historyConfig(), clock: { wallMs: () => NOW } }) };
  return createApp(services, { auth: { kind: 'bearer', token: 't' } });
}

async function get(app: ReturnType<typeof createApp>, path: string): Promise<{ status: number; type: string | null; body: unknown; text: string }> {
  const res = await app.request(path);
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, type, text, body: type?.startsWith('application/json') ? (JSON.parse(text) as unknown) : undefined };
}

describe('GET /incidents and GET /report', () => {
  // Health-signal mode: traffic moved when the flip committed + the deployed signal checks (10 s × 1).
  it('GET /incidents lists the outage with its detect, decide, flip, RTO and downtime figures', async () => {
    const res = await get(await appWithHistory(), '/incidents?window=1d');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      service: 'shop-api',
      window: { start: NOW - 24 * HOUR, end: NOW },
      incidents: [{ region: A, startedAt: FIRST_FAILED, startEstimated: false, detect_s: 10, decide_s: 0.5, flip_s: 0.3, rto_s: 20.8, downtime_s: 20.8, duration_s: 3600, open: false, flips: ['f1'] }],
    });
  });

  it('GET /incidents?region= keeps only that region’s incidents', async () => {
    const res = await get(await appWithHistory(), `/incidents?region=${B}`);
    expect(res).toMatchObject({ status: 200, body: { incidents: [] } });
  });

  it('GET /report gives per-region and service availability over the window, with the model beside it', async () => {
    const res = await get(await appWithHistory(), '/report?window=1d');
    expect(res.status).toBe(200);
    const body = res.body as { availability: { service: Record<string, unknown>; regions: Record<string, Record<string, unknown>> }; model: Record<string, unknown>; flips: unknown[] };
    expect(body.availability.regions[A]).toMatchObject({ failures: 1, downtime_s: 3600, mttr_s: 3600, availability: (86_400 - 3600) / 86_400 });
    expect(body.availability.service).toMatchObject({ failures: 1, downtime_s: 20.8 });
    expect(body.model).toMatchObject({ regionCount: 2, failures: 1, rtoSource: 'measured' });
    expect(body.flips).toHaveLength(1);
  });

  it('GET /report?format=markdown renders the same report for people', async () => {
    const res = await get(await appWithHistory(), '/report?window=1d&format=markdown');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/markdown/);
    expect(res.text).toContain(A);
    expect(res.text).toMatch(/MTTR/);
  });

  it.each([
    ['/report?window=31x', 'query.window'],
    ['/report?window=401d', 'query.window'],
    ['/report?end=yesterday', 'query.end'],
    ['/report?end=10000-01-01T00:00:00Z', 'query.end'],
    ['/incidents?window=0d', 'query.window'],
    ['/incidents?region=mars', 'query.region'],
    ['/incidents?since=1d', 'query'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const res = await get(await appWithHistory(), path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation_failed', details: [expect.objectContaining({ path: expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}`)) })] });
  });

  it.each(['0020-02-29T00:00:00Z', '1969-12-31T00:00:00Z', '9999-12-31T23:59:59-14:00'])('a window ending at %s, where nothing can be stored, is an empty report, not an error', async (end) => {
    const app = await appWithHistory();
    expect(await get(app, `/incidents?end=${encodeURIComponent(end)}`)).toMatchObject({ status: 200, body: { incidents: [] } });
    expect(await get(app, `/report?end=${encodeURIComponent(end)}`)).toMatchObject({ status: 200, body: { incidents: [], availability: { service: { failures: 0, availability: 1 } } } });
  });

  it('a region the service does not have is a 400 listing its regions', async () => {
    const res = await get(await appWithHistory(), '/incidents?region=eu-central-1');
    expect(res).toMatchObject({ status: 400, body: { error: 'validation_failed', message: expect.stringContaining(`${A}, ${B}`) } });
  });

  it('without an Events table both routes answer 503 saying so', async () => {
    const app = createApp(fakeServices(), { auth: { kind: 'bearer', token: 't' } });
    for (const path of ['/report', '/incidents']) {
      expect(await get(app, path)).toMatchObject({ status: 503, body: { error: 'unavailable', message: expect.stringContaining('EVENTS_TABLE') } });
    }
  });

  it('both routes are in the OpenAPI document with their query parameters, and the report may come as Markdown', () => {
    const doc = buildOpenApi(historyRoutes, { kind: 'bearer', token: 't' }, { appRegions: [A, B] }) as {
      paths: Record<string, { get: { parameters: { name: string; schema: unknown }[]; responses: Record<string, { content: Record<string, unknown> }> } }>;
    };
    expect(doc.paths['/report']?.get.parameters.map((p) => p.name)).toEqual(['window', 'end', 'format']);
    expect(Object.keys(doc.paths['/report']?.get.responses['200']?.content ?? {})).toEqual(['application/json', 'text/markdown']);
    const incidents = doc.paths['/incidents']?.get;
    expect(incidents?.parameters.map((p) => p.name)).toEqual(['window', 'end', 'region']);
    // The region filter is published as this deployment's regions.
    expect(incidents?.parameters.find((p) => p.name === 'region')?.schema).toMatchObject({ enum: [A, B] });
    expect(Object.keys(incidents?.responses ?? {}).sort()).toEqual(['200', '400', '503']);
  });
});
