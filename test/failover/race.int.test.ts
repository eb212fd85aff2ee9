/**
 * Two controllers racing (two "regions" that both believe they lead), a deposed leader's late
 * writes, and crashes injected between every step of a flip followed by a restart.
 */
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DnsFlipper } from '../../lambdas/failover/dns-flipper';
import { OUTBOX_CLAIM_MS } from '../../lambdas/failover/state-store';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { scenario, type Scenario } from './harness';

const ctx = useEmulators();

class Crash extends Error {
  override readonly name = 'Crash';
}

/** A DocumentClient that dies (throws, sending nothing) on the first command matching `when`. */
function crashingDocuments(when: (command: { input: Record<string, unknown>; constructor: { name: string } }) => boolean): DynamoDBDocumentClient {
  const real = ctx.clients.documents;
  let crashed = false;
  const proxy = {
    send: (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
      if (!crashed && when(command)) {
        crashed = true;
        return Promise.reject(new Crash(`crash before ${command.constructor.name}`));
      }
      return real.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
    },
  };
  return proxy as unknown as DynamoDBDocumentClient;
}

/** A flipper that dies after (or before) the real apply. */
function crashingFlipper(real: DnsFlipper, after: boolean): DnsFlipper {
  return {
    mode: real.mode,
    matches: (r) => real.matches(r),
    apply: async (traffic, id, signal) => {
      if (after) await real.apply(traffic, id, signal);
      throw new Crash(`crash ${after ? 'after' : 'before'} apply`);
    },
  };
}

async function cname(s: Scenario): Promise<string[]> {
  const out = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: s.zoneId }));
  return (out.ResourceRecordSets ?? []).filter((r) => r.Type === 'CNAME').flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ''));
}

async function primaryDown(s: Scenario): Promise<void> {
  await s.observe(PRIMARY, 'DOWN');
  await s.observe(SECONDARY, 'UP');
}

describe('racing controllers', () => {
  it('two controllers with A DOWN: exactly one flip and one audit record', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'dns-update'));
    await primaryDown(s);
    const east = s.controller({ term: 7 });
    const west = s.controller({ term: 8 });
    const results = await Promise.all([east.service.tick('stream'), west.service.tick('stream'), east.service.tick('schedule'), west.service.tick('schedule')]);
    const flips = results.filter((r) => r.outcome === 'flipped' || r.outcome === 'rolled-forward');
    expect(results.filter((r) => r.outcome === 'flipped')).toHaveLength(1);
    expect(flips.length).toBeGreaterThanOrEqual(1);
    const history = await east.service.history();
    expect(history.entries.filter((e) => e.kind === 'flip')).toHaveLength(1);
    expect(await cname(s)).toEqual(['usw2.app.example.com']);
    expect((await east.service.status()).traffic).toEqual({ [PRIMARY]: 0, [SECONDARY]: 1 });
  });

  it('a deposed leader’s late writes are rejected by the fence', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    const old = s.controller({ term: 3 });
    const current = s.controller({ term: 4 });
    expect(await current.service.tick()).toMatchObject({ outcome: 'hold' });
    await primaryDown(s);
    expect(await old.service.tick()).toMatchObject({ outcome: 'fenced' });
    expect((await current.service.history()).entries).toHaveLength(0);
    expect(await current.service.tick()).toMatchObject({ outcome: 'flipped', flip: { term: 4 } });
  });
});

describe('leadership lost in the middle of a flip', () => {
  it('stops before its next write; the next leader rolls the recorded intent forward', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    await primaryDown(s);
    const ref: { current?: ReturnType<Scenario['controller']> } = {};
    const deposingFlipper: DnsFlipper = {
      mode: 'health-signal',
      matches: () => Promise.resolve(true),
      apply: () => {
        ref.current?.leadership.depose();
        return Promise.resolve({ mode: 'health-signal', changed: false, attempts: 0 });
      },
    };
    const old = s.controller({ term: 1, flipper: deposingFlipper });
    ref.current = old;
    expect(await old.service.tick('stream')).toMatchObject({ outcome: 'lost-leadership', detail: 'deposed' });
    const next = s.controller({ term: 2 });
    expect((await next.service.status()).pendingFlip).toMatchObject({ cause: 'failover' });
    expect(await next.service.tick('schedule')).toMatchObject({ outcome: 'rolled-forward', flip: { term: 2, actor: 'controller@us-east-1' } });
    expect(await next.service.signalFor(SECONDARY)).toMatchObject({ httpStatus: 200 });
    expect(old.notifier.events).toHaveLength(0);
    expect(next.notifier.events).toHaveLength(1);
  });
});

describe('operator flip overtaken by the leader rolling it forward', () => {
  it('completes once: one audit entry, one notification, both callers see the same flip', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const applying = new Promise<void>((resolve) => (entered = resolve));
    const slowFlipper: DnsFlipper = {
      mode: 'health-signal',
      matches: () => Promise.resolve(true),
      apply: async () => {
        entered();
        await gate;
        return { mode: 'health-signal', changed: false, attempts: 0 };
      },
    };
    const api = s.controller({ term: undefined, flipper: slowFlipper });
    const leader = s.controller({ term: 3 });
    const operatorCall = api.service.failover(SECONDARY, { reason: 'drill', actor: 'alice' });
    // The operator's intent is recorded once its apply starts; the leader then finds and finishes it.
    await applying;
    expect((await leader.service.status()).pendingFlip).toMatchObject({ cause: 'manual-failover' });
    const rolled = await leader.service.tick('stream');
    expect(rolled).toMatchObject({ outcome: 'rolled-forward', flip: { actor: 'alice' } });
    release();
    const answer = await operatorCall;
    expect(answer).toMatchObject({ changed: true, flip: { id: rolled.outcome === 'rolled-forward' ? rolled.flip.id : '' } });
    expect(leader.notifier.events.length + api.notifier.events.length).toBe(1);
    expect((await leader.service.history()).entries).toHaveLength(1);
  });
});

describe('crash between the steps of a flip, then restart', () => {
  const isUpdate = (marker: string) => (c: { input: Record<string, unknown>; constructor: { name: string } }) =>
    c.constructor.name === 'UpdateCommand' && String(c.input.UpdateExpression ?? '').includes(marker);
  const isAuditPut = (c: { input: Record<string, unknown>; constructor: { name: string } }) => c.constructor.name === 'PutCommand' && String(c.input.TableName).endsWith('-audit');

  const cases: { name: string; documents?: Parameters<typeof crashingDocuments>[0]; flipper?: 'before' | 'after'; doomed: 'crash' | 'apply-failed' | 'flipped' }[] = [
    { name: 'before the intent is recorded', documents: isUpdate('#intent = :intent'), doomed: 'crash' },
    { name: 'after the intent, before applying', flipper: 'before', doomed: 'apply-failed' },
    { name: 'after applying, before the commit', flipper: 'after', doomed: 'apply-failed' },
    { name: 'on the commit itself', documents: isUpdate('REMOVE #intent'), doomed: 'crash' },
    // The commit has happened: the flip stands, and its audit entry waits in the outbox for the next leader tick.
    { name: 'on the audit entry after the commit', documents: isAuditPut, doomed: 'flipped' },
  ];

  it.each(cases)('$name: state converges, one flip, audit complete', async ({ documents, flipper, doomed: expected }) => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'dns-update', { coordination: { mode: 'mrsc', regions: ['us-east-1', 'us-east-2', 'us-west-2'] } }));
    await primaryDown(s);
    const healthy = s.controller({ term: 2 });
    const real = (healthy.service as unknown as { deps: { flipper: DnsFlipper } }).deps.flipper;
    const doomed = s.controller({ term: 1, ...(documents ? { documents: crashingDocuments(documents) } : {}), ...(flipper ? { flipper: crashingFlipper(real, flipper === 'after') } : {}) });
    const crashed = await doomed.service.tick('stream').then(
      (r) => r.outcome,
      (err: Error) => (err.name === 'Crash' ? 'crash' : err.message),
    );
    expect(crashed).toBe(expected);

    // The restarted controller (a new leader term) finishes the job.
    s.clock.advance(1000);
    const after = await healthy.service.tick('schedule');
    expect(expected === 'flipped' ? ['hold'] : ['flipped', 'rolled-forward']).toContain(after.outcome);
    s.clock.advance(OUTBOX_CLAIM_MS);
    expect(await healthy.service.tick('schedule')).toMatchObject({ outcome: 'hold' });

    const status = await healthy.service.status();
    expect(status.traffic).toEqual({ [PRIMARY]: 0, [SECONDARY]: 1 });
    expect(status.pendingFlip).toBeUndefined();
    const entries = (await healthy.service.history()).entries.filter((e) => e.kind === 'flip');
    expect(entries).toHaveLength(1);
    expect(status.lastFlip).toMatchObject({ term: entries[0]?.term });
    expect(healthy.notifier.events.length + doomed.notifier.events.length).toBe(1);
    expect(entries[0]).toMatchObject({ cause: 'failover', reason: expect.stringContaining('DOWN'), timings: expect.objectContaining({ intentAt: expect.any(Number) }) });
    expect(status.lastFlip?.id).toBe(entries[0]?.id);
    expect(await cname(s)).toEqual([`usw2.app.example.com`]);
  });
});
