/**
 * Route 53 errors an emulator cannot produce (throttling, PriorRequestNotComplete, invalid batch),
 * injected with aws-sdk-client-mock: dns-update retries with capped backoff and reports.
 */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { Route53ApplyError, Route53RecordFlipper } from '../../lambdas/failover/route53-flipper';
import { singleActive } from '../../lambdas/failover/rules';
import { TestClock } from './harness';
import { testConfig, A, B } from './rules/fixtures';

const config = testConfig();
const toB = singleActive(config.policy, B);

function sdkError(name: string, fault: 'client' | 'server' = 'client', status = 400): Error {
  return Object.assign(new Error(`${name} injected`), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

const recordFor = (value: string): ResourceRecordSet => ({ Name: 'api.example.com.', Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: value }] });

function setup() {
  const route53 = new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(route53);
  const clock = new TestClock();
  const flipper = new Route53RecordFlipper({ route53, hostedZoneId: 'Z1', config, clock, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 }, random: () => 1, confirmPollMs: 10 });
  return { mock, clock, flipper };
}

describe('Route53RecordFlipper under API errors', () => {
  it('retries throttling with growing backoff, then confirms the change', async () => {
    const { mock, clock, flipper } = setup();
    let applied = false;
    mock.on(ListResourceRecordSetsCommand).callsFake(() => ({ ResourceRecordSets: [recordFor(applied ? 'us-west-2.app.example.com' : 'us-east-1.app.example.com')] }));
    mock
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(sdkError('Throttling'))
      .rejectsOnce(sdkError('PriorRequestNotComplete'))
      .callsFake(() => {
        applied = true;
        return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } };
      });
    mock
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    const result = await flipper.apply(toB, 'flip-1');
    expect(result).toEqual({ mode: 'dns-update', changed: true, attempts: 3, changeId: '/change/C1' });
    expect(clock.sleeps.slice(0, 2)).toEqual([100, 200]);
    const sent = mock.commandCalls(ChangeResourceRecordSetsCommand)[0]?.args[0].input;
    expect(sent?.ChangeBatch?.Changes?.[0]).toMatchObject({
      Action: 'UPSERT',
      ResourceRecordSet: { Name: 'api.example.com.', Type: 'CNAME', TTL: 30, ResourceRecords: [{ Value: 'us-west-2.app.example.com' }] },
    });
  });

  it('gives up after maxAttempts of throttling with a Route53ApplyError that says so', async () => {
    const { mock, clock, flipper } = setup();
    mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    mock.on(ChangeResourceRecordSetsCommand).rejects(sdkError('Throttling', 'client', 400));
    const err = await flipper.apply(toB, 'flip-2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Route53ApplyError);
    expect(err).toMatchObject({ attempts: 4, message: expect.stringContaining('failed after 4 attempts: Throttling') });
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it('does not retry an invalid change batch', async () => {
    const { mock, flipper } = setup();
    mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    mock.on(ChangeResourceRecordSetsCommand).rejects(sdkError('InvalidChangeBatch'));
    await expect(flipper.apply(toB, 'flip-3')).rejects.toMatchObject({ attempts: 1, message: expect.stringContaining('not retryable') });
  });

  it('sends nothing when the records already express the traffic (idempotent apply)', async () => {
    const { mock, flipper } = setup();
    mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [recordFor('us-west-2.app.example.com.')] });
    expect(await flipper.apply(toB, 'flip-4')).toEqual({ mode: 'dns-update', changed: false, attempts: 0 });
    expect(mock.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
    expect(await flipper.matches(singleActive(config.policy, A))).toBe(false);
  });

  it('reports a change that Route 53 accepted but that does not show up', async () => {
    const { mock, flipper } = setup();
    mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    mock.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C9', Status: 'INSYNC', SubmittedAt: new Date() } });
    mock.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C9', Status: 'INSYNC', SubmittedAt: new Date() } });
    await expect(flipper.apply(toB, 'flip-5')).rejects.toThrow(/do not show the new traffic/);
  });
});
