/**
 * The real pieces together: the Lambda handler's wiring from the environment, leader election on
 * the Coordination table, and two regional controllers racing on the same stream event.
 */
import { createAwsClients } from '../../lambdas/platform/aws-clients';
import { DynamoDbObservationStore } from '../../lambdas/health/dynamodb-observation-store';
import { createLeaderElector, type LeaderElector } from '../../lambdas/coordination';
import { readDeployment, type Deployment } from '../../lambdas/platform/environment';
import { buildController, CONTROLLER_GROUP } from '../../lambdas/wiring';
import { ElectorLeadership } from '../../lambdas/failover/elector-leadership';
import { RecordingMetrics } from '../../lambdas/failover/metrics';
import { buildObservation, type HealthStatus } from '../../lambdas/health/rules';
import { controllerHandler as handler } from '../../lambdas/handlers/controller';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { CHECKERS } from './harness';

const ctx = useEmulators();

async function observe(store: DynamoDbObservationStore, target: string, state: HealthStatus, seq: number): Promise<void> {
  const now = Date.now();
  await Promise.all(
    CHECKERS.map((checker) =>
      store.put(buildObservation({ target, checker, health: { state, consecutiveFailures: 0, consecutiveSuccesses: 0, stateSince: now }, recent: [], observedAt: now, seq, intervalMs: 5000 })),
    ),
  );
}

describe('controllers with real leader election', () => {
  const service = 'ctl-election';
  const config = controllerConfig(service, 'health-signal', { leader: { leaseMs: 2000, renewMs: 500, retryMs: 200 } });
  let env: Deployment;
  let observations: DynamoDbObservationStore;
  const east = createAwsClients({ region: 'us-east-1' });
  const west = createAwsClients({ region: 'us-west-2' });
  const electors: LeaderElector[] = [];

  const savedEnv = { ...process.env };

  afterAll(async () => {
    process.env = savedEnv;
    // Resign so no lease keeps renewing after the tests (and the handler's campaign never won).
    await Promise.all(electors.map((e) => e.resign()));
    east.destroy();
    west.destroy();
  });

  function regional(region: string, clients: typeof east) {
    const elector = createLeaderElector({ clients, tableName: env.tables.coordination, group: CONTROLLER_GROUP, candidate: `controller@${region}`, settings: config.leader });
    electors.push(elector);
    return buildController({ ...env, region }, clients, { leadership: new ElectorLeadership(elector, { payload: region }), metrics: new RecordingMetrics() });
  }

  beforeAll(async () => {
    const tables = await ctx.provisionTables(service);
    Object.assign(process.env, {
      FAILOVER_CONFIG: JSON.stringify(config),
      FAILOVER_REGION: 'us-east-1',
      TABLE_REGION: 'us-east-1',
      COORDINATION_TABLE: tables.coordination,
      OBSERVATIONS_TABLE: tables.observations,
      STATE_TABLE: tables.state,
      AUDIT_TABLE: tables.audit,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    env = readDeployment('controller');
    observations = new DynamoDbObservationStore({ documents: ctx.clients.documents, tableName: tables.observations });
    await observe(observations, PRIMARY, 'UP', 1);
    await observe(observations, SECONDARY, 'UP', 1);
  });

  it('two regions race on the same stream event: one leader, exactly one flip', async () => {
    const a = regional('us-east-1', east);
    const b = regional('us-west-2', west);
    await observe(observations, PRIMARY, 'DOWN', 2);
    const results = await Promise.all([a.tick('stream'), b.tick('stream')]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['flipped', 'not-leader']);
    expect(await a.tick('stream')).toMatchObject({ outcome: expect.stringMatching(/hold|not-leader/) });
    expect(await b.tick('stream')).toMatchObject({ outcome: expect.stringMatching(/hold|not-leader/) });
    expect((await a.history()).entries.filter((e) => e.kind === 'flip')).toHaveLength(1);
    expect(await b.signalFor(SECONDARY)).toMatchObject({ httpStatus: 200 });
  });

  it('the Lambda handler wires itself from the environment and ticks on a stream batch', async () => {
    // The regional controller above still leads, so the handler's quick campaign gives up.
    expect(await handler({ Records: [{ eventName: 'MODIFY' }] })).toEqual({ outcome: 'not-leader' });
  });
});
