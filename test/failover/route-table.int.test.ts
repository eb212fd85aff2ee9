/**
 * The controller publishes the versioned route table (docs/traffic.md) against DynamoDB Local:
 * after a flip (tick, roll-forward or operator), and on every leader tick that finds it missing or
 * behind. Publishes are fenced by the leader term, write nothing when nothing changed, and never
 * block or undo a flip.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createRouteTableReader, createRouteTableStore, ROUTING_HEAD_SK, ROUTING_PK } from '../../lambdas/keyrouting';
import { useEmulators } from '../support/emulators';
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { scenario, type Scenario } from './harness';
import { InterposedRouteTables } from './support/interposed-route-tables';

const ctx = useEmulators();

function tableStore(s: Scenario) {
  return createRouteTableStore({ clients: ctx.clients, tableName: s.env.tables.state });
}

async function storedFenceTerm(s: Scenario): Promise<unknown> {
  const out = await ctx.clients.documents.send(new GetCommand({ TableName: s.env.tables.state, Key: { pk: ROUTING_PK, sk: ROUTING_HEAD_SK }, ConsistentRead: true }));
  return out.Item?.fenceTerm;
}

describe('route table published by the controller', () => {
  it('first tick publishes v1; a flip publishes v+1 with the new primary; ticks without a change publish nothing', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const { service } = s.controller({ term: 3 });
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    expect(await store.load()).toBeUndefined();

    expect(await service.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'published', version: 1 } });
    expect(await store.load()).toMatchObject({ version: 1, primary: PRIMARY, healthy: [PRIMARY], updatedBy: 'controller@us-east-1 (term 3)' });
    expect(await storedFenceTerm(s)).toBe(3);
    expect(await service.tick('stream')).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'unchanged', version: 1 } });

    s.clock.advance(5000);
    await s.observe(PRIMARY, 'DOWN');
    const flipped = await service.tick('stream');
    expect(flipped).toMatchObject({ outcome: 'flipped', flip: { routingTable: { outcome: 'published', version: 2 } } });
    const v2 = await store.load();
    expect(v2).toMatchObject({ version: 2, primary: SECONDARY, healthy: [SECONDARY], updatedAt: s.clock.wallMs() });
    expect(v2?.reason).toMatch(/^flip .*DOWN/);
    expect(await store.history(1)).toMatchObject({ version: 1, primary: PRIMARY });

    // The same tick again: nothing changed, so no new version.
    s.clock.advance(5000);
    expect(await service.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'unchanged', version: 2 } });
    expect(await store.headVersion()).toBe(2);

    // What GET /routes answers from.
    const reader = createRouteTableReader({ clients: ctx.clients, tableName: s.env.tables.state });
    expect(await reader.resolveRoute('user-42', 'write')).toEqual({ key: 'user-42', op: 'write', target: SECONDARY, fallbacks: [], version: 2 });
    expect(await reader.resolveRoute('user-42', 'read')).toMatchObject({ target: SECONDARY, version: 2 });
  });

  it('operator flips through the API path publish too, fenced with the stored term; a no-op flip publishes nothing', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const leader = s.controller({ term: 2 }).service;
    const api = s.controller({ term: undefined }).service;
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    await leader.tick();

    const moved = await api.failover(SECONDARY, { reason: 'drill', actor: 'alice' });
    expect(moved.flip?.routingTable).toEqual({ outcome: 'published', version: 2 });
    expect(await store.load()).toMatchObject({ version: 2, primary: SECONDARY, updatedBy: 'alice (term 2)' });
    expect(await storedFenceTerm(s)).toBe(2);

    expect(await api.failover(SECONDARY, { reason: 'again', actor: 'alice' })).toMatchObject({ changed: false });
    expect(await store.headVersion()).toBe(2);
    expect(await leader.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'unchanged', version: 2 } });
  });

  it("a deposed leader's publish is refused by storage; the new leader's table stands", async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const interposed = new InterposedRouteTables(store);
    const old = s.controller({ term: 1, routeTables: interposed }).service;
    const successor = s.controller({ term: 2 }).service;
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    expect(await old.tick()).toMatchObject({ routingTable: { outcome: 'published', version: 1 } });

    // The old leader has read its state (primary serving) and decided to hold; before it publishes,
    // the successor takes over (term 2), flips to the secondary and publishes v2.
    interposed.beforeLoad = async () => {
      await s.observe(PRIMARY, 'DOWN');
      expect(await successor.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { term: 2, routingTable: { outcome: 'published', version: 2 } } });
    };
    const zombie = await old.tick('stream');
    expect(zombie).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'fenced', detail: expect.stringMatching(/stored fence 2 > yours 1/) } });
    expect(await store.load()).toMatchObject({ version: 2, primary: SECONDARY });
    expect(await storedFenceTerm(s)).toBe(2);

    // Its next tick is fenced by the controller state before it gets near the table.
    expect(await old.tick()).toMatchObject({ outcome: 'fenced' });
    expect(await store.headVersion()).toBe(2);
  });

  it('timeline 5 on DynamoDB: a same-term writer holding an older controller state is refused by storage', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const paused = new InterposedRouteTables(store);
    const leader = s.controller({ term: 2 }).service;
    const op1 = s.controller({ term: undefined, routeTables: paused }).service;
    const op2 = s.controller({ term: undefined }).service;
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    await leader.tick();
    // Operator 1's flip to B commits; before it reads the table to publish, the leader publishes B
    // and operator 2 flips back to A and publishes that.
    paused.beforeLoad = async () => {
      s.clock.advance(1000);
      expect(await leader.tick()).toMatchObject({ routingTable: { outcome: 'published', version: 2 } });
      s.clock.advance(1000);
      expect(await op2.failover(PRIMARY, { reason: 'back', actor: 'bob' })).toMatchObject({ flip: { routingTable: { outcome: 'published', version: 3 } } });
    };
    expect(await op1.failover(SECONDARY, { reason: 'drill', actor: 'alice' })).toMatchObject({ changed: true, flip: { routingTable: { outcome: 'outdated' } } });
    expect(await store.load()).toMatchObject({ version: 3, primary: PRIMARY });
    expect((await leader.status()).traffic).toEqual({ [PRIMARY]: 1, [SECONDARY]: 0 });
  });

  it('a failed publish neither blocks nor undoes the flip, and the next tick repairs the table', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const interposed = new InterposedRouteTables(store);
    const { service, notifier } = s.controller({ routeTables: interposed });
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    await service.tick();

    interposed.failing = true;
    s.clock.advance(5000);
    await s.observe(PRIMARY, 'DOWN');
    expect(await service.tick('stream')).toMatchObject({ outcome: 'flipped', flip: { routingTable: { outcome: 'failed', detail: expect.stringMatching(/capacity/) } } });
    expect(await service.signalFor(SECONDARY)).toMatchObject({ serving: true });
    expect(notifier.events).toHaveLength(1);
    expect(await store.load()).toMatchObject({ version: 1, primary: PRIMARY });
    // Still failing: the tick holds (no second flip) and reports the publish failure again.
    s.clock.advance(5000);
    expect(await service.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'failed' } });

    interposed.failing = false;
    s.clock.advance(5000);
    expect(await service.tick('stream')).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'published', version: 2 } });
    expect(await store.load()).toMatchObject({ version: 2, primary: SECONDARY, healthy: [SECONDARY] });
    expect((await service.history()).entries.filter((e) => e.kind === 'flip')).toHaveLength(1);
  });

  it('a corrupt stored table is replaced on the next leader tick', async () => {
    const s = await scenario(ctx, (svc) => controllerConfig(svc, 'health-signal'));
    const store = tableStore(s);
    const { service } = s.controller();
    await s.observe(PRIMARY, 'UP');
    await s.observe(SECONDARY, 'UP');
    await service.tick();
    await ctx.clients.documents.send(
      new UpdateCommand({
        TableName: s.env.tables.state,
        Key: { pk: ROUTING_PK, sk: ROUTING_HEAD_SK },
        UpdateExpression: 'SET #p = :p',
        ExpressionAttributeNames: { '#p': 'primary' },
        ExpressionAttributeValues: { ':p': 'mars-north-1' },
      }),
    );
    await expect(store.load()).rejects.toMatchObject({ name: 'CorruptRouteTableError' });
    expect(await service.tick()).toMatchObject({ outcome: 'hold', routingTable: { outcome: 'published', version: 2 } });
    expect(await store.load()).toMatchObject({ version: 2, primary: PRIMARY });
  });
});
