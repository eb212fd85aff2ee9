/** Route 53's request rules against real servers on 127.0.0.1; phase deadlines on a manual clock. */
import { closedPort, httpServer, httpsServer, selfSignedCertificate, silentServer, type TestServer } from '../../health/probe/servers';
import { createRoute53Prober, ROUTE53_USER_AGENT } from '../../../local/route53/probe';
import type { EndpointCheck } from '../../../local/route53/rules';
import { systemClock, type Clock } from '../../../lambdas/platform/clock';
import { ManualClock } from '../../support/manual-clock';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const s = await server;
  servers.push(s);
  return s;
}

const check = (port: number, extra: Partial<EndpointCheck> = {}): EndpointCheck => ({
  id: 'hc',
  type: 'HTTP',
  host: '127.0.0.1',
  port,
  resourcePath: '/health',
  requestIntervalSeconds: 10,
  failureThreshold: 3,
  enableSni: false,
  inverted: false,
  disabled: false,
  ...extra,
});

const statusServer = () =>
  serve(
    httpServer((req, res) => {
      const status = Number(req.url?.slice(1));
      res.writeHead(status, status === 302 ? { location: '/' } : {});
      res.end();
    }),
  );

/** Resolves once the prober has asked the clock for a timer of `ms` (its next phase began). */
async function phaseStarted(sleeps: number[], ms: number): Promise<void> {
  while (!sleeps.includes(ms)) await new Promise((r) => setImmediate(r));
}

function recording(clock: ManualClock): { clock: Clock; sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, clock: { monotonicMs: () => clock.monotonicMs(), wallMs: () => clock.wallMs(), sleep: (ms, signal) => (sleeps.push(ms), clock.sleep(ms, signal)) } };
}

describe('a Route 53 HTTP request', () => {
  const prober = createRoute53Prober({ clock: systemClock });

  it('passes on 2xx and 3xx and fails on 4xx and 5xx', async () => {
    const s = await statusServer();
    const results = await Promise.all([200, 204, 302, 404, 503].map((status) => prober.probe(check(s.port, { resourcePath: `/${status}` }))));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(results[4]?.detail).toBe('status 503');
  });

  it('sends the domain name (with a non-default port) as Host and Route 53’s user agent, on a fresh connection', async () => {
    const s = await serve(httpServer((_req, res) => res.end('ok')));
    await prober.probe(check(s.port, { fqdn: 'api.example.com' }));
    await prober.probe(check(s.port, { fqdn: 'api.example.com' }));
    expect(s.requests[0]?.headers.host).toBe(`api.example.com:${s.port}`);
    expect(s.requests[0]?.headers['user-agent']).toBe(ROUTE53_USER_AGENT);
    expect(s.connections).toBe(2);
  });

  it('with string matching, needs the string within the first 5,120 body bytes', async () => {
    const s = await serve(httpServer((req, res) => res.end(req.url === '/early' ? 'ok READY' : `${'x'.repeat(5120)}READY`)));
    const early = await prober.probe(check(s.port, { type: 'HTTP_STR_MATCH', resourcePath: '/early', searchString: 'READY' }));
    const late = await prober.probe(check(s.port, { type: 'HTTP_STR_MATCH', resourcePath: '/late', searchString: 'READY' }));
    expect([early.ok, late.ok]).toEqual([true, false]);
  });

  it('does not validate HTTPS certificates and sends SNI when enabled', async () => {
    const s = await serve(httpsServer(selfSignedCertificate()));
    const withSni = await prober.probe(check(s.port, { type: 'HTTPS', fqdn: 'signal.example.com', enableSni: true }));
    const without = await prober.probe(check(s.port, { type: 'HTTPS', enableSni: false }));
    expect([withSni.ok, without.ok]).toEqual([true, true]);
    expect(s.serverNames).toEqual(['signal.example.com', false]);
  });

  it('fails when the status does not arrive within 2 s of connecting, not earlier', async () => {
    const s = await serve(silentServer());
    const manual = new ManualClock();
    const { clock, sleeps } = recording(manual);
    let settled: { ok: boolean; detail: string } | undefined;
    void createRoute53Prober({ clock })
      .probe(check(s.port))
      .then((r) => (settled = r));
    await phaseStarted(sleeps, 2000);
    await manual.advance(1999);
    expect(settled).toBeUndefined();
    await manual.advance(1);
    expect(settled).toEqual({ ok: false, detail: 'no status within 2000 ms of connecting' });
  });

  it('fails at once when the connection is refused', async () => {
    expect(await prober.probe(check(await closedPort()))).toEqual({ ok: false, detail: 'ECONNREFUSED' });
  });
});

describe('a Route 53 TCP request', () => {
  const prober = createRoute53Prober({ clock: systemClock });

  it('passes when the connection opens and fails when it is refused', async () => {
    const s = await serve(silentServer());
    expect((await prober.probe(check(s.port, { type: 'TCP' }))).ok).toBe(true);
    expect((await prober.probe(check(await closedPort(), { type: 'TCP' }))).ok).toBe(false);
  });
});
