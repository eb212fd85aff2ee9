/** Contract tests: every route, in-process through `app.request`, including each class of bad input. */
import fc from 'fast-check';
import { createApp, MAX_BODY_BYTES } from '../../lambdas/api/app';
import { TableRoutingPort } from '../../lambdas/api/adapters';
import { routeResponse } from '../../lambdas/api/schemas';
import { MemoryRouteTableStore, RouteTableReader } from '../../lambdas/keyrouting';
import { fakeServices, type FakeServices } from './fake-services';

const TOKEN = 'test-token-123';
const auth = { authorization: `Bearer ${TOKEN}` };
const jsonHeaders = { ...auth, 'content-type': 'application/json' };

function setup(options: Parameters<typeof fakeServices>[0] = {}) {
  const services: FakeServices = fakeServices(options);
  const serverErrors: unknown[] = [];
  const app = createApp(services, { auth: { kind: 'bearer', token: TOKEN }, onServerError: (err) => serverErrors.push(err) });
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = jsonHeaders) => {
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    const text = await res.text();
    const json = text && res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    return { status: res.status, json, text, headers: res.headers };
  };
  return { app, services, send, serverErrors };
}

function expectError(res: { status: number; json: Record<string, unknown> | undefined }, status: number, code: string, messagePart?: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ error: code, message: expect.any(String) });
  expect(Object.keys(res.json ?? {}).sort()).toEqual(['details', 'error', 'message']);
  if (messagePart) expect(res.json?.message).toMatch(messagePart);
}

describe('read routes', () => {
  test('GET /status returns the status view', async () => {
    const { send } = setup();
    const res = await send('GET', '/status');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ service: 'shop-api', active: ['us-east-1'], leader: { term: 1_733_038_800_000, termNumber: 2 }, routingTableVersion: 7 });
  });

  test('GET /history paginates with limit and cursor', async () => {
    const { send } = setup();
    for (const to of ['us-west-2', 'us-east-1', 'us-west-2']) await send('POST', '/failover', { to, reason: 'drill' });
    const first = await send('GET', '/history?limit=2');
    expect(first.status).toBe(200);
    expect((first.json?.items as unknown[]).length).toBe(2);
    const second = await send('GET', `/history?limit=2&cursor=${String(first.json?.nextCursor)}`);
    expect((second.json?.items as unknown[]).length).toBe(1);
    expect(second.json?.nextCursor).toBeUndefined();
  });

  test.each([
    ['/history?limit=abc', /query\.limit/],
    ['/history?limit=0', /query\.limit/],
    ['/history?limit=100000', /query\.limit/],
    ['/history?bogus=1', /bogus/],
    [`/history?cursor=${'A'.repeat(1025)}`, /query\.cursor/],
    ['/history?cursor=MjAyNC0wMS0wMVQwMDowMDowMC4wMDBaI2lk.AAAAAAAAAAA', /query\.cursor: this cursor was not handed out by this API/],
  ])('GET %s is a 400 naming the parameter', async (path, part) => {
    const { send } = setup();
    expectError(await send('GET', path), 400, 'validation_failed', part);
  });

  test('GET /routes/{key} answers for reads and writes; op is validated', async () => {
    const { send } = setup();
    const res = await send('GET', '/routes/user%2F42?op=write');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ key: 'user/42', op: 'write', target: 'us-east-1', fallbacks: [], version: 7 });
    expect(routeResponse.parse(res.json)).toEqual(res.json);
    expect((await send('GET', '/routes/k')).json).toMatchObject({ op: 'read', target: 'us-east-1' });
    expectError(await send('GET', '/routes/k?op=delete'), 400, 'validation_failed', /query\.op/);
  });

  test('GET /routes/{key} before the controller has published a routing table is a 503 that says so', async () => {
    const { services } = setup();
    const empty = createApp({ ...services, routing: new TableRoutingPort(new RouteTableReader({ store: new MemoryRouteTableStore() })) }, { auth: { kind: 'bearer', token: TOKEN } });
    const res = await empty.request('/routes/k?op=write');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: 'unavailable',
      message: expect.stringMatching(/no routing table .* yet; the controller publishes one on its first run/),
      details: { problem: 'no-routing-table' },
    });
  });

  test('GET /signal/{region}: 200 for the active region, 503 for a standby, 404 for an unknown one, 400 for a malformed one', async () => {
    const { send } = setup();
    const active = await send('GET', '/signal/us-east-1');
    expect(active.status).toBe(200);
    expect(active.json).toMatchObject({ region: 'us-east-1', healthy: true });
    expect(active.headers.get('cache-control')).toBe('no-store');
    expect((await send('GET', '/signal/us-west-2')).status).toBe(503);
    expectError(await send('GET', '/signal/eu-west-3'), 404, 'not_found', /us-east-1, us-west-2/);
    expectError(await send('GET', '/signal/NOT_A_REGION'), 400, 'validation_failed', /path\.region/);
  });

  test('GET / serves the status page with a CSP that allows only its own inline script', async () => {
    const { send } = setup();
    const res = await send('GET', '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('id="regions"');
    expect(res.text).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  test('GET /openapi.json documents every route with schemas generated from zod', async () => {
    const { send } = setup({ demo: true });
    const res = await send('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/status', '/history', '/routes/{key}', '/failover', '/failback', '/pin', '/locks/{name}', '/signal/{region}', '/openapi.json', '/', '/demo/{region}/{mode}']),
    );
    expect(Object.keys(doc.paths['/locks/{name}'] ?? {}).sort()).toEqual(['delete', 'get', 'post', 'put']);
    expect(doc.paths['/failover']?.post?.requestBody?.content['application/json']?.schema.required).toEqual(['to', 'reason']);
    const routes = (doc.paths['/routes/{key}'] as unknown as { get: { responses: Record<string, { content: Record<string, { schema: { required?: string[] } }> }> } }).get.responses;
    expect(routes['200']?.content['application/json']?.schema.required).toEqual(['key', 'op', 'target', 'fallbacks', 'version']);
    expect(Object.keys(routes)).toContain('503');
  });
});

describe('operator routes', () => {
  test('POST /failover moves traffic and records the actor', async () => {
    const { send, services } = setup();
    const res = await send('POST', '/failover', { to: 'us-west-2', reason: 'drill' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: true, active: ['us-west-2'] });
    expect(services.calls).toContainEqual({ method: 'failover', args: { to: 'us-west-2', reason: 'drill', force: false, actor: 'local-operator' } });
    await send('POST', '/failover', { to: 'us-east-1', reason: '  trimmed  ', force: true });
    expect(services.calls).toContainEqual({ method: 'failover', args: { to: 'us-east-1', reason: 'trimmed', force: true, actor: 'local-operator' } });
  });

  test('POST /failover to a region the controller refuses is a 409 with its reason', async () => {
    const { send, services } = setup();
    services.state.down.add('us-west-2');
    expectError(await send('POST', '/failover', { to: 'us-west-2', reason: 'drill' }), 409, 'conflict', /DOWN by quorum/);
  });

  test.each([
    ['wrong types', { to: 5, reason: true }, /body\.to: .*expected string.*body\.reason/],
    ['missing fields', {}, /body\.to.*body\.reason/],
    ['an unknown region', { to: 'eu-west-3', reason: 'x' }, /body\.to: expected one of the app regions \(us-east-1, us-west-2\)/],
    ['a malformed region', { to: 'Mars', reason: 'x' }, /body\.to: expected an AWS region name/],
    ['an empty reason', { to: 'us-west-2', reason: '   ' }, /body\.reason: expected a non-empty reason/],
    ['an unknown field', { to: 'us-west-2', reason: 'x', ttlSeconds: 60 }, /ttlSeconds/],
    ['force that is not a boolean', { to: 'us-west-2', reason: 'x', force: 'yes' }, /body\.force/],
    ['a reason over 500 characters as sent, even if trimming would shorten it', { to: 'us-west-2', reason: `  ${'x'.repeat(499)}  ` }, /body\.reason/],
    ['an array body', [1, 2], /body: .*expected object/],
  ])('POST /failover with %s is a 400 naming the fields', async (_label, body, part) => {
    const { send, services } = setup();
    expectError(await send('POST', '/failover', body), 400, 'validation_failed', part);
    expect(services.calls).toEqual([]);
  });

  test('malformed JSON is 400, an empty body is 400, the wrong content type is 415', async () => {
    const { send } = setup();
    expectError(await send('POST', '/failover', '{"to": "us-west-2",'), 400, 'malformed_json', /not valid JSON/);
    expectError(await send('POST', '/failover', ''), 400, 'malformed_json', /empty body/);
    expectError(await send('POST', '/failover', 'to=us-west-2', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type', /application\/json/);
    expectError(await send('POST', '/failover', '{}', auth), 415, 'unsupported_media_type', /got "text\/plain/);
  });

  test('a body over the limit is 413', async () => {
    const { send } = setup();
    const huge = { to: 'us-west-2', reason: 'x'.repeat(MAX_BODY_BYTES) };
    expectError(await send('POST', '/failover', huge), 413, 'payload_too_large', new RegExp(String(MAX_BODY_BYTES)));
  });

  test.each([
    ['no token', {}, /missing bearer token/],
    ['a wrong token', { authorization: 'Bearer nope' }, /does not match/],
    ['another scheme', { authorization: `Basic ${TOKEN}` }, /missing bearer token/],
    ['a token with a suffix', { authorization: `Bearer ${TOKEN}x` }, /does not match/],
  ])('mutating routes with %s are 401 and do nothing', async (_label, headers, part) => {
    const { send, services } = setup({ demo: true });
    const h = { 'content-type': 'application/json', ...headers };
    for (const [method, path, body] of [
      ['POST', '/failover', { to: 'us-west-2', reason: 'x' }],
      ['POST', '/failback', { reason: 'x' }],
      ['PUT', '/pin', { region: 'us-west-2', reason: 'x' }],
      ['DELETE', '/pin', undefined],
      ['POST', '/locks/a', { owner: 'me', leaseMs: 5000 }],
      ['PUT', '/locks/a', { token: 1 }],
      ['DELETE', '/locks/a', { token: 1 }],
      ['POST', '/demo/us-east-1/down', undefined],
    ] as const) {
      expectError(await send(method, path, body, h), 401, 'unauthorized', part);
    }
    expect(services.calls).toEqual([]);
  });

  test('behind API Gateway (iam mode) the caller ARN becomes the actor', async () => {
    const services = fakeServices();
    const app = createApp(services, { auth: { kind: 'iam' } });
    const event = { requestContext: { identity: { userArn: 'arn:aws:iam::123456789012:user/alice' } } };
    const res = await app.request('/failover', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: 'us-west-2', reason: 'drill' }) }, { event });
    expect(res.status).toBe(200);
    expect(services.calls[0]).toEqual({ method: 'failover', args: { to: 'us-west-2', reason: 'drill', force: false, actor: 'arn:aws:iam::123456789012:user/alice' } });
  });

  test('POST /failback', async () => {
    const { send } = setup();
    await send('POST', '/failover', { to: 'us-west-2', reason: 'drill' });
    const res = await send('POST', '/failback', { reason: 'drill over' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accepted: true, active: ['us-east-1'] });
    expectError(await send('POST', '/failback', { reason: 7 }), 400, 'validation_failed', /body\.reason/);
  });

  test('PUT /pin and DELETE /pin', async () => {
    const { send } = setup();
    expect((await send('PUT', '/pin', { region: 'us-west-2', reason: 'maintenance' })).status).toBe(200);
    expect((await send('GET', '/status')).json?.pin).toMatchObject({ region: 'us-west-2', reason: 'maintenance' });
    expectError(await send('PUT', '/pin', { region: 'ap-south-9', reason: 'x' }), 400, 'validation_failed', /body\.region: expected one of the app regions/);
    expectError(await send('PUT', '/pin', { region: 'us-west-2', reason: 'x', ttlSeconds: 60 }), 400, 'validation_failed', /ttlSeconds/);
    expect((await send('DELETE', '/pin?reason=done', undefined, auth)).status).toBe(200);
    expectError(await send('DELETE', '/pin', undefined, auth), 409, 'conflict', /nothing is pinned/);
  });
});

describe('locks', () => {
  test('acquire → renew → inspect → release, with fencing tokens and the lease secret', async () => {
    const { send } = setup();
    const got = await send('POST', '/locks/orders', { owner: 'job-1', leaseMs: 5000 });
    expect(got.status).toBe(201);
    const token = got.json?.token as number;
    const secret = got.json?.leaseSecret as string;
    expect(token).toBeGreaterThan(0);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expectError(await send('POST', '/locks/orders', { owner: 'job-2', leaseMs: 5000 }), 409, 'conflict', /held by job-1/);
    const renewed = await send('PUT', '/locks/orders', { token, secret, leaseMs: 8000 });
    expect(renewed.status).toBe(200);
    expect(renewed.json).not.toHaveProperty('leaseSecret');
    expectError(await send('PUT', '/locks/orders', { token: token + 1, secret }), 409, 'conflict', /does not hold/);
    const seen = await send('GET', '/locks/orders');
    expect(seen.json).toMatchObject({ name: 'orders', held: true, owner: 'job-1', token });
    expect(seen.text).not.toContain(secret);
    expect((await send('DELETE', '/locks/orders', { token, secret })).json).toEqual({ name: 'orders', held: false });
    const again = await send('POST', '/locks/orders', { owner: 'job-2', leaseMs: 5000 });
    expect(again.json?.token).toBeGreaterThan(token);
  });

  test('renew and release with the public token but without the lease secret are 400; with the wrong one 409', async () => {
    const { send } = setup();
    const got = await send('POST', '/locks/orders', { owner: 'job-1', leaseMs: 5000 });
    const token = got.json?.token as number;
    expectError(await send('PUT', '/locks/orders', { token }), 400, 'validation_failed', /body\.secret/);
    expectError(await send('DELETE', '/locks/orders', { token }), 400, 'validation_failed', /body\.secret/);
    // The secret never travels in a URL (access logs): a query-string release is an empty body.
    expectError(await send('DELETE', `/locks/orders?token=${token}`, undefined, auth), 400, 'malformed_json');
    expectError(await send('PUT', '/locks/orders', { token, secret: 'x'.repeat(43) }), 409, 'conflict');
    expect((await send('GET', '/locks/orders')).json).toMatchObject({ held: true, token });
  });

  test.each([
    ['POST', '/locks/a', { owner: 'me', leaseMs: 10 }, /body\.leaseMs/],
    ['POST', '/locks/a', { owner: 'me', leaseMs: 5000, waitMs: 60_000 }, /body\.waitMs/],
    ['POST', '/locks/a', { leaseMs: 5000 }, /body\.owner/],
    ['POST', '/locks/bad%20name', { owner: 'me', leaseMs: 5000 }, /path\.name/],
    ['PUT', '/locks/a', { token: 'abc', secret: 'x'.repeat(43) }, /body\.token/],
    ['PUT', '/locks/a', { token: -1, secret: 'x'.repeat(43) }, /body\.token/],
    ['PUT', '/locks/a', { token: 1, secret: 'short' }, /body\.secret/],
    ['DELETE', '/locks/a', {}, /body\.token.*body\.secret/],
  ])('%s %s with bad input is a 400', async (method, path, body, part) => {
    const { send } = setup();
    expectError(await send(method, path, body, body === undefined ? auth : jsonHeaders), 400, 'validation_failed', part);
  });
});

describe('library input errors and the published contract', () => {
  test('an owner with control characters is a 400 at the edge; the lock port is never called', async () => {
    const { send, services } = setup();
    for (const owner of ['job\u0000', 'a\nb', '\u007f', '   ']) {
      expectError(await send('POST', '/locks/orders', { owner, leaseMs: 5000 }), 400, 'validation_failed', /body\.owner/);
    }
    expect(services.calls.filter((c) => c.method === 'acquire')).toEqual([]);
  });

  test('an input error of a library below the schema (LockConfigError) is a 400, not a 500', async () => {
    const { services } = setup();
    const { LockConfigError } = jest.requireActual<typeof import('../../lambdas/coordination')>('../../lambdas/coordination');
    const serverErrors: unknown[] = [];
    const app = createApp(
      { ...services, locks: { ...services.locks, inspect: () => Promise.reject(new LockConfigError(['lock name must not contain control characters'])) } },
      { auth: { kind: 'bearer', token: TOKEN }, onServerError: (e) => serverErrors.push(e) },
    );
    const res = await app.request('/locks/x');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(/control characters/) });
    expect(serverErrors).toEqual([]);
  });

  test('every operation documents the 4xx the app can answer it with: 400 with input, 401 when operator-only, 413 and 415 with a body', async () => {
    const { send } = setup({ demo: true });
    const doc = (await send('GET', '/openapi.json')).json as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[]; security?: unknown }>>;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        if (op.requestBody) expect([path, method, codes]).toEqual([path, method, expect.arrayContaining(['400', '413', '415'])]);
        if ((op.parameters ?? []).length > 0) expect([path, method, codes]).toEqual([path, method, expect.arrayContaining(['400'])]);
        if (op.security) expect([path, method, codes]).toEqual([path, method, expect.arrayContaining(['401'])]);
      }
    }
    expect(doc.paths['/failover']?.post?.requestBody).toMatchObject({ content: { 'application/json': { schema: { properties: { reason: { maxLength: 500, pattern: '\\S' } } } } } });
  });
});

describe('routing errors', () => {
  test('unknown routes are 404 and wrong methods 405 with Allow', async () => {
    const { send } = setup();
    expectError(await send('GET', '/nope'), 404, 'not_found', /no route GET \/nope/);
    const res = await send('PATCH', '/locks/a', {});
    expectError(res, 405, 'method_not_allowed', /PATCH is not allowed/);
    expect(res.headers.get('allow')).toMatch(/GET.*POST.*PUT.*DELETE|DELETE/);
    expectError(await send('POST', '/status'), 405, 'method_not_allowed');
  });

  test('demo routes exist only when the demo port is given', async () => {
    expectError(await setup().send('POST', '/demo/us-east-1/down', undefined, auth), 404, 'not_found');
    const { send } = setup({ demo: true });
    expect((await send('POST', '/demo/us-east-1/down', undefined, auth)).json).toEqual({ modes: { 'us-east-1': 'down', 'us-west-2': 'healthy' } });
    expectError(await send('POST', '/demo/us-east-1/exploded', undefined, auth), 400, 'validation_failed', /path\.mode/);
    expectError(await send('POST', '/demo/eu-west-3/down', undefined, auth), 404, 'not_found');
    expect((await send('GET', '/demo')).json).toMatchObject({ modes: { 'us-east-1': 'down' } });
  });

  test('a fault inside a service is a 500 with a generic message, reported to onServerError', async () => {
    const { send, serverErrors } = setup({ failStatus: new Error('dynamodb exploded: secret detail') });
    const res = await send('GET', '/status');
    expectError(res, 500, 'internal');
    expect(res.text).not.toContain('secret detail');
    expect(serverErrors).toHaveLength(1);
  });

  test('property: no JSON body a client can send to a mutating route yields a 5xx', async () => {
    const { send, serverErrors } = setup();
    const paths = [
      ['POST', '/failover'],
      ['POST', '/failback'],
      ['PUT', '/pin'],
      ['POST', '/locks/p'],
      ['PUT', '/locks/p'],
      ['DELETE', '/locks/p'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.oneof(fc.json(), fc.string()), async ([method, path], body) => {
        const res = await send(method, path, body);
        expect(res.status).toBeLessThan(500);
        expect(res.status).not.toBe(200 + 1000);
      }),
      { numRuns: 150 },
    );
    expect(serverErrors).toEqual([]);
  });
});
