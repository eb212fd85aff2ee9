/**
 * Secret probe headers end to end: an SSM SecureString and a Secrets Manager JSON secret in moto,
 * a checker runtime built from the environment as the Lambda builds it, and a backend that answers
 * 200 only when both headers carry the stored values.
 */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { parseConfig } from '../../lambdas/config';
import { buildCheckerRuntime, createCheckerHandler } from '../../lambdas/handlers/checker';
import { useEmulators } from '../support/emulators';
import { httpServer, type TestServer } from '../health/probe/servers';
import baseConfig from '../../failover.config.json';

const ctx = useEmulators('eu-west-1');
let backend: TestServer;
const seen: (string | undefined)[][] = [];

beforeAll(async () => {
  backend = await httpServer((req, res) => {
    seen.push([req.headers.authorization, req.headers['x-api-key'] as string | undefined]);
    const ok = req.headers.authorization === 'Bearer from-ssm' && req.headers['x-api-key'] === 'from-secrets-manager';
    res.statusCode = ok ? 200 : 401;
    res.end(ok ? '{"status":"ok"}' : 'no');
  });
});
afterAll(() => backend.close());

test('the checker reads its secret headers from SSM and Secrets Manager at start and probes with them', async () => {
  await ctx.clients.ssm.send(new PutParameterCommand({ Name: '/shop/health-token', Value: 'Bearer from-ssm', Type: 'SecureString', Overwrite: true }));
  await ctx.clients.secretsManager.send(new CreateSecretCommand({ Name: 'shop/health', SecretString: JSON.stringify({ key: 'from-secrets-manager' }) }));
  const tables = await ctx.provisionTables('secrets-e2e');
  const endpoint = (secretHeaders: object) => ({ protocol: 'HTTP', host: '127.0.0.1', port: backend.port, path: '/health', timeoutMs: 400, secretHeaders });
  const config = parseConfig({
    ...baseConfig,
    service: 'secrets-e2e',
    appRegions: [
      { region: 'us-east-1', endpoint: endpoint({ authorization: { ssmParameter: '/shop/health-token' }, 'x-api-key': { secretsManager: 'shop/health', jsonKey: 'key' } }) },
      { region: 'us-west-2', endpoint: endpoint({ authorization: { ssmParameter: '/shop/health-token' }, 'x-api-key': { secretsManager: 'shop/health', jsonKey: 'key' } }) },
    ],
    probe: { intervalSeconds: 1, failureThreshold: 1, recoveryThreshold: 1, staleAfterIntervals: 5, concurrency: 4 },
  });
  // The environment holds only the references.
  const env = { ...process.env, FAILOVER_CONFIG: JSON.stringify(config), CHECKER_REGION: 'eu-west-1', TABLE_REGION: 'us-east-1', OBSERVATIONS_TABLE: tables.observations };
  expect(env.FAILOVER_CONFIG).not.toContain('from-ssm');
  const runtime = await buildCheckerRuntime(env);
  try {
    const report = await createCheckerHandler(() => runtime)({}, { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 3500 });
    expect(report.states['us-east-1']?.state).toBe('UP');
    expect(report.states['us-west-2']?.state).toBe('UP');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(([auth, key]) => auth === 'Bearer from-ssm' && key === 'from-secrets-manager')).toBe(true);
  } finally {
    runtime.destroy?.();
  }

  const missing = {
    ...env,
    FAILOVER_CONFIG: JSON.stringify({ ...config, appRegions: config.appRegions.map((a) => ({ ...a, endpoint: { ...a.endpoint, secretHeaders: { authorization: { ssmParameter: '/nope' } } } })) }),
  };
  await expect(buildCheckerRuntime(missing)).rejects.toThrow(/cannot read 2 secret probe headers[\s\S]*header authorization from SSM parameter \/nope/);
});
