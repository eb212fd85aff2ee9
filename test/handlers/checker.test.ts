/** The thin handler: runtime built once per container, deadline from the Lambda context. */
import { healthCheckSchema } from '../../lambdas/config/schema';
import { parseConfig, type FailoverConfig } from '../../lambdas/config';
import { createProber } from '../../lambdas/health/probe';
import { silentTelemetry } from '../../lambdas/health/checker/telemetry';
import { buildCheckerRuntime, createCheckerHandler, SAFETY_MARGIN_MS, type CheckerRuntime } from '../../lambdas/handlers/checker';
import { MemoryObservationStore } from '../health/checker/support/memory-store';
import { httpServer, type TestServer } from '../health/probe/servers';
import baseConfig from '../../failover.config.json';

let server: TestServer;

beforeAll(async () => {
  server = await httpServer((_req, res) => res.end('{"status":"ok"}'));
});

afterAll(async () => {
  await server.close();
});

function config(): FailoverConfig {
  const endpoint = healthCheckSchema.parse({ protocol: 'HTTP', host: '127.0.0.1', port: server.port, timeoutMs: 500, bodyMatch: { substring: '"status":"ok"' } });
  return parseConfig({ ...baseConfig, appRegions: baseConfig.appRegions.map((r) => ({ region: r.region, endpoint })) });
}

describe('checker handler', () => {
  it('builds its runtime once, runs until shortly before the Lambda deadline, and records the request id', async () => {
    const store = new MemoryObservationStore();
    const build = jest.fn((): CheckerRuntime => ({ config: config(), checkerRegion: 'eu-west-1', store, prober: createProber(), telemetry: silentTelemetry }));
    const handler = createCheckerHandler(build);
    // 4 s left: the immediate round fits, an aligned one (≥ 2.5 s later, + 0.5 s timeout + 1.5 s writes) does not.
    const remainingMs = 4000;
    for (const id of ['req-1', 'req-2']) {
      const start = performance.now();
      const report = await handler({}, { awsRequestId: id, getRemainingTimeInMillis: () => remainingMs });
      expect(performance.now() - start).toBeLessThan(remainingMs - SAFETY_MARGIN_MS);
      expect(report).toMatchObject({ rounds: 1, probes: 2, stoppedBy: 'deadline' });
    }
    expect(build).toHaveBeenCalledTimes(1);
    expect([...store.items.values()].map((o) => [o.target, o.writer, o.seq])).toEqual([
      ['us-east-1', 'req-2', 2],
      ['us-west-2', 'req-2', 2],
    ]);
  });

  it('fails the invocation with every environment problem when the runtime cannot be built', async () => {
    const handler = createCheckerHandler(() => buildCheckerRuntime({}));
    await expect(handler({}, { awsRequestId: 'x', getRemainingTimeInMillis: () => 60_000 })).rejects.toThrow(/FAILOVER_CONFIG is not set[\s\S]*CHECKER_REGION is not set/);
  });
});
