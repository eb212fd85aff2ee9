/**
 * End to end on DynamoDB Local: three checker regions run the real handler against local servers,
 * write observations, and quorum evaluated from the table finds the broken target DOWN.
 */
import { DynamoDbObservationStore } from '../../lambdas/health/dynamodb-observation-store';
import { parseConfig } from '../../lambdas/config';
import { evaluateTargets, quorumOptionsFor } from '../../lambdas/health/rules/quorum';
import { buildCheckerRuntime, createCheckerHandler } from '../../lambdas/handlers/checker';
import { useEmulators } from '../support/emulators';
import { httpServer, type TestServer } from '../health/probe/servers';
import baseConfig from '../../failover.config.json';

const ctx = useEmulators();
const servers: TestServer[] = [];
let spies: jest.SpyInstance[] = [];
const emf: Record<string, unknown>[] = [];

beforeAll(async () => {
  servers.push(await httpServer((_req, res) => res.end('{"status":"ok"}')));
  servers.push(
    await httpServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    }),
  );
  // Powertools writes EMF and logs to stdout/stderr; keep the metric lines to check the wiring.
  const capture = (chunk: string | Uint8Array): boolean => {
    for (const line of String(chunk).split('\n')) if (line.includes('"_aws"')) emf.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  };
  spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
});

afterAll(async () => {
  spies.forEach((s) => s.mockRestore());
  await Promise.all(servers.map((s) => s.close()));
});

it('runs three checker regions through the handler and reaches a quorum DOWN for the broken target only', async () => {
  const tables = await ctx.provisionTables('checker-e2e');
  const [good, bad] = servers.map((s) => s.port);
  const endpoint = (port: number | undefined) => ({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/health', timeoutMs: 400 });
  const config = parseConfig({
    ...baseConfig,
    service: 'checker-e2e',
    appRegions: [
      { region: 'us-east-1', endpoint: endpoint(bad) },
      { region: 'us-west-2', endpoint: endpoint(good) },
    ],
    probe: { intervalSeconds: 1, failureThreshold: 2, recoveryThreshold: 2, staleAfterIntervals: 5, concurrency: 4 },
  });
  const runtimes = await Promise.all(
    config.checkerRegions.map((checker) =>
      buildCheckerRuntime({ ...process.env, FAILOVER_CONFIG: JSON.stringify(config), CHECKER_REGION: checker, TABLE_REGION: 'us-east-1', OBSERVATIONS_TABLE: tables.observations }),
    ),
  );
  const store = new DynamoDbObservationStore({ documents: ctx.clients.documents, tableName: tables.observations });
  try {
    // A first request wakes DynamoDB Local's JVM, which can take seconds on a busy machine.
    await store.loadForTargets(['warm-up']);
    // 7 s left: rounds start up to 7 − 1 (margin) − 0.4 (timeout) − 1.5 (writes) = 4.1 s in, so at least 3 rounds.
    const reports = await Promise.all(runtimes.map((r, i) => createCheckerHandler(() => r)({}, { awsRequestId: `req-${i}`, getRemainingTimeInMillis: () => 7000 })));
    for (const report of reports) {
      expect(report.rounds).toBeGreaterThanOrEqual(3);
      expect(report.states['us-east-1']?.state).toBe('DOWN');
      expect(report.states['us-west-2']?.state).toBe('UP');
    }
    const observations = await store.loadForTargets(['us-east-1', 'us-west-2']);
    expect(observations).toHaveLength(6);
    const verdicts = evaluateTargets(observations, ['us-east-1', 'us-west-2'], quorumOptionsFor(config, Date.now()));
    expect(verdicts['us-east-1']).toMatchObject({ verdict: 'DOWN', fresh: 3, quorum: 2 });
    expect(verdicts['us-west-2']).toMatchObject({ verdict: 'UP' });
    const probeLines = emf.filter((l) => 'ProbeSuccess' in l);
    expect(probeLines).toHaveLength(reports.reduce((n, r) => n + r.probes, 0));
    expect(probeLines.filter((l) => l.Target === 'us-east-1').every((l) => l.ProbeSuccess === 0 && l.reason === 'status')).toBe(true);
  } finally {
    runtimes.forEach((r) => r.destroy?.());
  }
});
