/**
 * The drill routes in-process (`app.request`) over a real drill runner on in-memory stores: start,
 * abort, report as JSON and Markdown, every class of bad input (4xx, nothing changed), a refused
 * pre-check (409 with the reason and the refused drill), and the routes in the OpenAPI document.
 */
import { createApp } from '../../lambdas/api/app';
import { RunnerDrillsPort } from '../../lambdas/api/drill-port';
import { drillReportResponse } from '../../lambdas/api/drill-schemas';
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import { drillScenario, SIGNAL_CHECK } from '../history/support/drill-scenario';
import { fakeServices } from './fake-services';

const TOKEN = 'test-token-123';
const jsonHeaders = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

function setup() {
  const s = drillScenario(controllerConfig('svc', 'health-signal'));
  s.verdicts.set(PRIMARY, 'UP');
  s.verdicts.set(SECONDARY, 'UP');
  const api = s.api();
  const services = { ...fakeServices(), drills: new RunnerDrillsPort({ runner: api.runner, events: s.events, signalCheck: SIGNAL_CHECK }) };
  const serverErrors: unknown[] = [];
  const app = createApp(services, { auth: { kind: 'bearer', token: TOKEN }, onServerError: (err) => serverErrors.push(err) });
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = jsonHeaders) => {
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    const json = text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    return { status: res.status, json, text, headers: res.headers };
  };
  return { s, api, send, serverErrors };
}

const start = { to: SECONDARY, durationSeconds: 600, reason: 'game day' };

describe('drill routes', () => {
  test('POST /drills starts a drill (201, its report); GET /drills/{id} reports it; abort returns traffic home', async () => {
    const { s, api, send, serverErrors } = setup();
    const started = await send('POST', '/drills', start);
    expect(started.status).toBe(201);
    expect(drillReportResponse.parse(started.json)).toMatchObject({ id: 'drill-1', outcome: 'running', target: SECONDARY, duration_s: 600, actor: 'local-operator' });
    expect((await api.service.status()).traffic).toEqual({ [PRIMARY]: 0, [SECONDARY]: 1 });

    const shown = await send('GET', '/drills/drill-1');
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ id: 'drill-1', rto: { out_s: 20, back_s: null } });

    s.clock.advance(60_000);
    const aborted = await send('POST', '/drills/drill-1/abort', { reason: 'enough' });
    expect(aborted.status).toBe(200);
    expect(aborted.json).toMatchObject({ outcome: 'returned', aborted: true, code: 'operator-abort', rto: { out_s: 20, back_s: 20 } });
    expect((await api.service.status()).traffic).toEqual({ [PRIMARY]: 1, [SECONDARY]: 0 });

    const md = await send('GET', '/drills/drill-1?format=markdown');
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(md.text).toMatch(/^# Drill drill-1: us-east-1 → us-west-2\n/);
    expect(md.text).toMatch(/## Timeline/);

    expect((await send('POST', '/drills/drill-1/abort', { reason: 'again' })).status).toBe(409);
    expect(serverErrors).toEqual([]);
  });

  test('a refused pre-check is a 409 that says which check and why, with the refused drill', async () => {
    const { s, send } = setup();
    s.verdicts.set(SECONDARY, 'DOWN');
    const res = await send('POST', '/drills', start);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      error: 'conflict',
      message: 'drill refused by the pre-checks (target-not-up): us-west-2 is DOWN; a drill only moves traffic into a region the quorum says is UP',
      details: { code: 'target-not-up', drill: { outcome: 'refused' } },
    });
    expect(s.store.committedIntents()).toEqual([]);
  });

  test('a second drill while one runs is a 409 naming the running one', async () => {
    const { send } = setup();
    await send('POST', '/drills', start);
    const res = await send('POST', '/drills', start);
    expect(res.status).toBe(409);
    expect(res.json?.message).toMatch(/^drill drill-1 is running/);
  });

  test.each([
    ['a region that is not an app region', { ...start, to: 'eu-central-1' }, /body\.to: expected one of the app regions/],
    ['a duration that is not a number', { ...start, durationSeconds: '10m' }, /body\.durationSeconds/],
    ['a fractional duration', { ...start, durationSeconds: 60.5 }, /body\.durationSeconds/],
    ['a duration under 10 s', { ...start, durationSeconds: 5 }, /body\.durationSeconds: Too small/],
    ['a duration over 24 h', { ...start, durationSeconds: 86_401 }, /body\.durationSeconds: Too big/],
    ['no reason', { to: SECONDARY, durationSeconds: 600 }, /body\.reason/],
    ['an unknown field', { ...start, force: true }, /force/],
  ])('POST /drills with %s is a 400 and starts nothing', async (_name, body, message) => {
    const { s, send } = setup();
    const res = await send('POST', '/drills', body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(message) });
    expect(await s.drills.latest()).toBeUndefined();
  });

  test('unknown drills are 404, malformed ids 400, and starting needs the operator token', async () => {
    const { send } = setup();
    expect((await send('GET', '/drills/drill-404')).status).toBe(404);
    expect((await send('POST', '/drills/drill-404/abort', { reason: 'x' })).status).toBe(404);
    expect((await send('GET', '/drills/no%20spaces')).status).toBe(400);
    expect((await send('GET', '/drills/drill-1?format=pdf')).status).toBe(400);
    expect((await send('POST', '/drills', start, { 'content-type': 'application/json' })).status).toBe(401);
  });

  test('the OpenAPI document lists the drill routes with their schemas', async () => {
    const { send } = setup();
    const doc = (await send('GET', '/openapi.json')).json as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths['/drills'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/drills/{id}/abort'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/drills/{id}']?.get?.responses ?? {}).sort()).toEqual(['200', '400', '404']);
    expect(Object.keys((doc.paths['/drills/{id}']?.get?.responses['200'] as { content: object }).content)).toEqual(['application/json', 'text/markdown']);
    expect(Object.keys(doc.paths['/drills']?.post?.responses ?? {}).sort()).toEqual(['201', '400', '401', '409', '413', '415']);
  });
});
