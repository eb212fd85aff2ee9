/** TCP probes: a completed handshake is success; refused, reset-free timeouts and missing ports fail. */
import type { LookupFunction } from 'node:net';
import { healthCheckSchema, type HealthCheckSpec } from '../../../lambdas/config/schema';
import { createProber } from '../../../lambdas/health/probe';
import { closedPort, silentServer, type TestServer } from './servers';

const SLACK_MS = 250;
let server: TestServer;

beforeAll(async () => {
  server = await silentServer();
});

afterAll(async () => {
  await server?.close();
});

function spec(extra: Partial<Record<keyof HealthCheckSpec, unknown>>): HealthCheckSpec {
  return healthCheckSchema.parse({ protocol: 'TCP', host: '127.0.0.1', timeoutMs: 300, ...extra });
}

describe('TCP prober', () => {
  it('succeeds on a completed handshake and closes the connection', async () => {
    const attempt = await createProber().probe(spec({ port: server.port }));
    expect(attempt).toMatchObject({ ok: true });
    await server.allClosed();
    expect(server.open).toBe(0);
  });

  it('reports a closed port as refused', async () => {
    expect(await createProber().probe(spec({ port: await closedPort() }))).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('times out within the deadline when the connection cannot be made', async () => {
    const hanging: LookupFunction = () => undefined;
    const start = performance.now();
    const attempt = await createProber({ lookup: hanging }).probe(spec({ host: 'db.example.internal', port: 5432 }));
    expect(performance.now() - start).toBeLessThanOrEqual(300 + SLACK_MS);
    expect(attempt.reason).toBe('timeout');
  });

  it('applies the latency limit to a slow handshake', async () => {
    // A lookup that answers late stands in for a slow network path.
    const slow: LookupFunction = (_host, options, callback) => {
      const answer = (): void => (options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4));
      setTimeout(answer, 120);
    };
    const attempt = await createProber({ lookup: slow }).probe(spec({ host: 'db.example.internal', port: server.port, latencyLimitMs: 50 }));
    expect(attempt).toMatchObject({ ok: false, reason: 'too-slow' });
  });

  it('fails with an actionable message when a check reaches it without a port', async () => {
    // The config schema refuses a TCP check without a port; the prober still guards, for specs built in code.
    const attempt = await createProber().probe({ ...spec({ port: 1 }), port: undefined });
    expect(attempt).toMatchObject({ ok: false, reason: 'error' });
    expect(attempt.detail).toContain('endpoint.port');
  });
});
