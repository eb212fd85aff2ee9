/** HTTPS probes against a self-signed server: certificate validation on and off, SNI. */
import { healthCheckSchema, type HealthCheckSpec } from '../../../lambdas/config/schema';
import { createProber } from '../../../lambdas/health/probe';
import { httpServer, httpsServer, selfSignedCertificate, type TestCertificate, type TestServer } from './servers';

const SLACK_MS = 250;
let certificate: TestCertificate;
let server: TestServer;

beforeAll(async () => {
  certificate = selfSignedCertificate();
  server = await httpsServer(certificate);
});

afterAll(async () => {
  await server?.close();
});

function spec(extra: Partial<Record<keyof HealthCheckSpec, unknown>> = {}): HealthCheckSpec {
  return healthCheckSchema.parse({ protocol: 'HTTPS', host: '127.0.0.1', port: server.port, path: '/health', timeoutMs: 1000, bodyMatch: { substring: 'ok' }, ...extra });
}

async function probeWithin(prober: ReturnType<typeof createProber>, s: HealthCheckSpec) {
  const start = performance.now();
  const attempt = await prober.probe(s);
  expect(performance.now() - start).toBeLessThanOrEqual(s.timeoutMs + SLACK_MS);
  return attempt;
}

describe('HTTPS prober', () => {
  it('refuses a self-signed certificate when validation is on', async () => {
    const attempt = await probeWithin(createProber(), spec());
    expect(attempt).toMatchObject({ ok: false, reason: 'tls' });
    expect(attempt.detail).toMatch(/self[- ]signed/i);
  });

  it('accepts the self-signed certificate when validation is off', async () => {
    expect(await probeWithin(createProber(), spec({ validateCertificate: false }))).toMatchObject({ ok: true, status: 200 });
  });

  it('sends the configured SNI name and validates the certificate against it', async () => {
    const trusting = createProber({ ca: certificate.cert });
    const before = server.serverNames.length;
    expect(await probeWithin(trusting, spec({ sni: 'probe.test' }))).toMatchObject({ ok: true });
    expect(server.serverNames[before]).toBe('probe.test');
    expect(server.requests.at(-1)?.headers.host).toBe('probe.test');
  });

  it('reports a certificate that does not cover the SNI name as a TLS failure', async () => {
    const attempt = await probeWithin(createProber({ ca: certificate.cert }), spec({ sni: 'other.test' }));
    expect(attempt).toMatchObject({ ok: false, reason: 'tls' });
    expect(attempt.detail).toMatch(/other\.test/);
  });

  it('sends no SNI for an IP address host and validates against the IP', async () => {
    const before = server.serverNames.length;
    expect(await probeWithin(createProber({ ca: certificate.cert }), spec())).toMatchObject({ ok: true });
    expect(server.serverNames[before]).toBe(false);
  });

  it('reports a plain-HTTP answer to a TLS handshake as a TLS failure', async () => {
    const plain = await httpServer((_req, res) => res.end('ok'));
    try {
      const attempt = await probeWithin(createProber(), spec({ port: plain.port }));
      expect(attempt).toMatchObject({ ok: false, reason: 'tls' });
    } finally {
      await plain.close();
    }
  });
});
