/**
 * Route 53 failing during a failover (aws-sdk-client-mock on the controller's Route 53 client):
 * dns-update reports and rolls the recorded intent forward once Route 53 recovers; health-signal
 * does not call Route 53 at all, so the failover goes through.
 */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../../lambdas/platform/aws-clients';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { scenario } from './harness';

const ctx = useEmulators();

function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

describe('Route 53 API failing during a failover', () => {
  const clients = createAwsClients({ region: 'us-east-1' });
  const route53 = mockClient(clients.route53);
  afterEach(() => route53.reset());
  afterAll(() => {
    route53.restore();
    clients.destroy();
  });

  it('health-signal: fails over with every Route 53 call failing', async () => {
    route53.onAnyCommand().rejects(throttled());
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const { service } = s.controller({ clients });
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped' });
    expect(await service.signalFor(SECONDARY)).toMatchObject({ httpStatus: 200 });
    expect(await service.signalFor(PRIMARY)).toMatchObject({ httpStatus: 503 });
    expect(route53.calls()).toHaveLength(0);
  });

  it('dns-update: retries with backoff, reports apply-failed, then rolls the intent forward', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'dns-update'));
    route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    route53.on(ChangeResourceRecordSetsCommand).rejects(throttled());
    const { service } = s.controller({ clients });
    await s.observe(PRIMARY, 'DOWN');
    await s.observe(SECONDARY, 'UP');
    const failed = await service.tick('stream');
    expect(failed).toMatchObject({ outcome: 'apply-failed', detail: expect.stringContaining('Throttling') });
    expect(route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(5);
    expect(s.clock.sleeps).toHaveLength(4);
    expect((await service.status()).pendingFlip).toMatchObject({ cause: 'failover' });

    // Route 53 recovers: the next tick rolls the same intent forward against moto.
    route53.restore();
    const rolled = await service.tick('schedule');
    expect(rolled).toMatchObject({ outcome: 'rolled-forward', flip: { id: failed.outcome === 'apply-failed' ? failed.flipId : '' } });
    expect((await service.status()).traffic).toEqual({ [PRIMARY]: 0, [SECONDARY]: 1 });
    expect((await service.history()).entries).toHaveLength(1);
  });
});
