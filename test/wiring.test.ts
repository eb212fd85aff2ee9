/** The wiring root without emulators: the controller's environment, its flipper, leadership over the real elector, verdict dating. */
import { LeaderElector, MemoryLockStore } from '../lambdas/coordination';
import { Route53Client } from '@aws-sdk/client-route-53';
import { EnvironmentError, readDeployment } from '../lambdas/platform/environment';
import { buildChecker, buildFlipper, buildHistoryRecorder } from '../lambdas/wiring';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { silentTelemetry } from '../lambdas/health/checker/telemetry';
import { systemClock } from '../lambdas/platform/clock';
import { ElectorLeadership } from '../lambdas/failover/elector-leadership';
import { QuorumVerdictSource, verdictSince } from '../lambdas/health/quorum-verdicts';
import { buildObservation, evaluateQuorum, type HealthStatus, type Observation } from '../lambdas/health/rules';
import { controllerConfig } from './failover/configs';

const NOW = 1_800_000_000_000;

function obs(target: string, checker: string, state: HealthStatus, stateSince: number, observedAt = NOW - 1000): Observation {
  return buildObservation({ target, checker, health: { state, consecutiveFailures: 0, consecutiveSuccesses: 0, stateSince }, recent: [], observedAt, seq: 1, intervalMs: 5000 });
}

describe('the controller deployment', () => {
  const config = controllerConfig('env-test', 'health-signal');
  const base = { FAILOVER_CONFIG: JSON.stringify(config), FAILOVER_REGION: 'us-west-2', COORDINATION_TABLE: 'c', OBSERVATIONS_TABLE: 'o', STATE_TABLE: 's', AUDIT_TABLE: 'a' };

  it('reads the names the stacks set', () => {
    expect(readDeployment('controller', { ...base, TABLE_REGION: 'us-east-1', ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:t' })).toMatchObject({
      region: 'us-west-2',
      tableRegion: 'us-east-1',
      tables: { coordination: 'c', observations: 'o', state: 's', audit: 'a' },
      topicArn: 'arn:aws:sns:us-east-1:1:t',
      config: { service: 'env-test' },
    });
  });

  it('lists every missing variable at once', () => {
    expect(() => readDeployment('controller', { FAILOVER_REGION: 'us-east-1' })).toThrow(
      /FAILOVER_CONFIG is not set[\s\S]*COORDINATION_TABLE is not set[\s\S]*OBSERVATIONS_TABLE is not set[\s\S]*STATE_TABLE is not set[\s\S]*AUDIT_TABLE is not set/,
    );
    expect(() => readDeployment('controller', { ...base, FAILOVER_CONFIG: '{' })).toThrow(EnvironmentError);
  });

  it('dns-update without a zone id: reads work, a flip fails at apply with a message that says why', async () => {
    const env = readDeployment('controller', { ...base, FAILOVER_CONFIG: JSON.stringify(controllerConfig('env-test', 'dns-update')) });
    expect(env.hostedZoneId).toBeUndefined();
    const flipper = buildFlipper(env, { route53: new Route53Client({ region: 'us-east-1' }) }, systemClock);
    await expect(flipper.apply({ 'us-west-2': 1 }, 'f')).rejects.toThrow(/HOSTED_ZONE_ID/);
  });
});

describe('the event history in the wiring', () => {
  const config = controllerConfig('env-test', 'health-signal');
  const base = { FAILOVER_CONFIG: JSON.stringify(config), CHECKER_REGION: 'us-east-1', AWS_REGION: 'us-east-1', OBSERVATIONS_TABLE: 'o' };
  const clients = createAwsClients({ region: 'us-east-1' });
  afterAll(() => clients.destroy());

  it('records only when EVENTS_TABLE is set (every role may leave it unset)', () => {
    const without = readDeployment('checker', base);
    const withEvents = readDeployment('checker', { ...base, EVENTS_TABLE: 'env-test-events' });
    expect(without.tables.events).toBe('');
    expect(buildHistoryRecorder(without, clients, { mode: 'deferred' })).toBeUndefined();
    expect(buildHistoryRecorder(withEvents, clients, { mode: 'deferred' })).toBeDefined();
  });

  it('the checker keeps its telemetry as given without an Events table, and wraps it to record state changes with one', async () => {
    const plain = buildChecker(readDeployment('checker', base), clients, { telemetry: silentTelemetry });
    expect(plain.telemetry).toBe(silentTelemetry);
    await expect(plain.flushHistory()).resolves.toBeUndefined();
    const recording = buildChecker(readDeployment('checker', { ...base, EVENTS_TABLE: 'env-test-events' }), clients, { telemetry: silentTelemetry });
    expect(recording.telemetry).not.toBe(silentTelemetry);
    // Nothing changed state: nothing to wait for.
    await expect(recording.flushHistory()).resolves.toBeUndefined();
  });
});

describe('ElectorLeadership', () => {
  it('leads with the elector’s term, and a second candidate gives up after its quick wait', async () => {
    const store = new MemoryLockStore();
    const settings = { leaseMs: 2000, renewMs: 500, retryMs: 100 };
    const first = new LeaderElector({ store, group: 'controller', candidate: 'east', settings });
    const second = new LeaderElector({ store, group: 'controller', candidate: 'west', settings });
    const east = new ElectorLeadership(first, { quickWaitMs: 50 });
    const west = new ElectorLeadership(second, { quickWaitMs: 50 });
    expect(await west.leaderPresent()).toBe(false);
    const term = await east.tryLead();
    expect(term?.term).toBeGreaterThan(0);
    expect(await west.leaderPresent()).toBe(true);
    expect(await east.tryLead()).toMatchObject({ term: term?.term });
    expect(await west.tryLead('quick')).toBeUndefined();
    await first.resign();
    expect(await east.leaderPresent()).toBe(false);
    const next = await west.tryLead();
    expect(next?.term).toBeGreaterThan(term?.term ?? Infinity);
    await second.resign();
  });
});

describe('QuorumVerdictSource', () => {
  it('dates a verdict from the quorum-th checker that reached it, and reports UNKNOWN undated', async () => {
    const rows = [obs('a', 'us-east-1', 'UP', NOW - 50_000), obs('a', 'us-west-2', 'UP', NOW - 20_000), obs('a', 'eu-west-1', 'UP', NOW - 5_000), obs('b', 'us-east-1', 'DOWN', NOW - 9_000)];
    const source = new QuorumVerdictSource({ loadForTargets: () => Promise.resolve(rows) }, controllerConfig('quorum-test', 'health-signal'), { wallMs: () => NOW });
    const snapshot = await source.verdicts(['a', 'b']);
    expect(snapshot.verdicts.a).toMatchObject({ status: 'UP', since: NOW - 20_000 });
    expect(snapshot.verdicts.b).toMatchObject({ status: 'UNKNOWN' });
    expect(snapshot.verdicts.b?.since).toBeUndefined();
    expect(snapshot.newestObservationAt).toBe(NOW - 1000);
  });

  it('gives no date when too few agreeing checkers know when they changed', () => {
    const rows = [obs('a', 'us-east-1', 'DOWN', NOW), obs('a', 'us-west-2', 'DOWN', NOW)].map(({ stateSince: _s, ...rest }): Observation => rest);
    const result = evaluateQuorum(rows, { checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'], now: NOW, intervalMs: 5000, staleAfterIntervals: 3 });
    expect(result.verdict).toBe('DOWN');
    expect(verdictSince(result, rows)).toBeUndefined();
  });
});
