/** HTTP probes against real servers on 127.0.0.1: each failure mode gets its reason within the deadline. */
import type { LookupFunction } from 'node:net';
import { healthCheckSchema, type HealthCheckSpec } from '../../../lambdas/config/schema';
import { createProber } from '../../../lambdas/health/probe';
import type { ProbeAttempt } from '../../../lambdas/health/rules/types';
import { closedPort, httpServer, resetServer, silentServer, type TestServer } from './servers';

/** Timer granularity and a busy shared machine; a deadline guarantee, not a speed test. */
const SLACK_MS = 250;
const prober = createProber();
const servers: TestServer[] = [];

function spec(port: number, extra: Partial<Record<keyof HealthCheckSpec, unknown>> = {}): HealthCheckSpec {
  return healthCheckSchema.parse({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/health', timeoutMs: 500, ...extra });
}

async function timed(s: HealthCheckSpec): Promise<{ attempt: ProbeAttempt; elapsed: number }> {
  const start = performance.now();
  const attempt = await prober.probe(s);
  const elapsed = performance.now() - start;
  expect(elapsed).toBeLessThanOrEqual(s.timeoutMs + SLACK_MS);
  return { attempt, elapsed };
}

async function serve(handler: Parameters<typeof httpServer>[0]): Promise<TestServer> {
  const server = await httpServer(handler);
  servers.push(server);
  return server;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('HTTP prober', () => {
  it('reports a healthy endpoint as ok with its status and latency', async () => {
    const server = await serve((_req, res) => res.end('{"status":"ok"}'));
    const { attempt } = await timed(spec(server.port, { bodyMatch: { substring: '"status":"ok"' } }));
    expect(attempt).toMatchObject({ ok: true, status: 200 });
    expect(attempt.reason).toBeUndefined();
    expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a 503 as a status failure', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 503;
      res.end('overloaded');
    });
    const { attempt } = await timed(spec(server.port));
    expect(attempt).toMatchObject({ ok: false, reason: 'status', status: 503 });
    expect(attempt.detail).toContain('expected 200–299');
  });

  it('accepts any status inside a custom expected range', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 302;
      res.end();
    });
    expect((await timed(spec(server.port, { expectedStatus: { min: 200, max: 399 } }))).attempt.ok).toBe(true);
  });

  it('reports an answer slower than the latency limit as too-slow (gray failure)', async () => {
    const server = await serve((_req, res) => {
      setTimeout(() => res.end('ok'), 150);
    });
    const { attempt } = await timed(spec(server.port, { latencyLimitMs: 50 }));
    expect(attempt).toMatchObject({ ok: false, reason: 'too-slow', status: 200 });
    expect(attempt.latencyMs).toBeGreaterThan(50);
  });

  it('times out on a server that accepts the connection and never answers, and closes the socket', async () => {
    const server = await silentServer();
    servers.push(server);
    const { attempt, elapsed } = await timed(spec(server.port, { timeoutMs: 300 }));
    expect(attempt).toMatchObject({ ok: false, reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    await server.allClosed();
    expect(server.open).toBe(0);
  });

  it('times out when headers arrive but the body never completes', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('still loading');
    });
    const { attempt } = await timed(spec(server.port, { timeoutMs: 300, bodyMatch: { substring: 'ok' } }));
    expect(attempt).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('reports a connection reset', async () => {
    const server = await resetServer();
    servers.push(server);
    const { attempt } = await timed(spec(server.port));
    expect(attempt).toMatchObject({ ok: false, reason: 'reset' });
  });

  it('reports a wrong body as body-mismatch, for substrings and regexes', async () => {
    const server = await serve((_req, res) => res.end('{"status":"maintenance"}'));
    const sub = await timed(spec(server.port, { bodyMatch: { substring: '"status":"ok"' } }));
    expect(sub.attempt).toMatchObject({ ok: false, reason: 'body-mismatch', status: 200 });
    const re = await timed(spec(server.port, { bodyMatch: { regex: '"status":\\s*"(ok|degraded)"' } }));
    expect(re.attempt).toMatchObject({ ok: false, reason: 'body-mismatch' });
    const good = await timed(spec(server.port, { bodyMatch: { regex: '"status":\\s*"(ok|maintenance)"' } }));
    expect(good.attempt.ok).toBe(true);
  });

  it('matches only within the first bodyMaxBytes bytes', async () => {
    const server = await serve((_req, res) => res.end(`${'x'.repeat(100)}MARKER`));
    expect((await timed(spec(server.port, { bodyMatch: { substring: 'MARKER' }, bodyMaxBytes: 100 }))).attempt.reason).toBe('body-mismatch');
    expect((await timed(spec(server.port, { bodyMatch: { substring: 'MARKER' }, bodyMaxBytes: 106 }))).attempt.ok).toBe(true);
  });

  it('decides on an endless body once the first bodyMaxBytes have arrived', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.write('status=ok;');
      const timer = setInterval(() => res.write('.'.repeat(64)), 5);
      res.on('close', () => clearInterval(timer));
    });
    const { attempt } = await timed(spec(server.port, { bodyMatch: { substring: 'status=ok' }, bodyMaxBytes: 512, timeoutMs: 2000 }));
    expect(attempt.ok).toBe(true);
  });

  it('reports a closed port as refused', async () => {
    const { attempt } = await timed(spec(await closedPort()));
    expect(attempt).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('reports a failed name lookup as dns', async () => {
    const notFound: LookupFunction = (hostname, _options, callback) => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    const dnsProber = createProber({ lookup: notFound });
    const attempt = await dnsProber.probe(healthCheckSchema.parse({ protocol: 'HTTP', host: 'gone.example.invalid', port: 80, timeoutMs: 500 }));
    expect(attempt).toMatchObject({ ok: false, reason: 'dns' });
  });

  it('keeps the deadline when the name lookup itself hangs', async () => {
    const hanging: LookupFunction = () => undefined;
    const start = performance.now();
    const attempt = await createProber({ lookup: hanging }).probe(healthCheckSchema.parse({ protocol: 'HTTP', host: 'slow.example.invalid', timeoutMs: 200 }));
    expect(performance.now() - start).toBeLessThanOrEqual(200 + SLACK_MS);
    expect(attempt.reason).toBe('timeout');
  });

  it('sends the configured headers, closes every connection and never reuses one', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const s = spec(server.port, { headers: { 'x-probe': 'checker', 'user-agent': 'custom-agent', connection: 'keep-alive' } });
    for (let i = 0; i < 3; i += 1) expect((await timed(s)).attempt.ok).toBe(true);
    expect(server.connections).toBe(3);
    const headers = server.requests.map((r) => r.headers);
    expect(headers[0]).toMatchObject({ 'x-probe': 'checker', 'user-agent': 'custom-agent', connection: 'close' });
    expect(server.requests[0]?.url).toBe('/health');
    await server.allClosed();
  });

  it('ends early with reason error when the caller aborts', async () => {
    const server = await silentServer();
    servers.push(server);
    const controller = new AbortController();
    const pending = prober.probe(spec(server.port, { timeoutMs: 5000 }), controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, reason: 'error', detail: 'aborted' });
  });
});
