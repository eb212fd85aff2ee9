/**
 * Term numbers on DynamoDB Local: every successful acquisition of a leadership gets the next number
 * (1, 2, 3, …) in the same conditional write that grants it, whoever races for it, and a leader
 * record written before the count existed counts as 0.
 */
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoLockStore } from '../../lambdas/coordination/dynamodb/lock-store';
import { LeaderElector, type LeadershipLease } from '../../lambdas/coordination';
import { leaderKey } from '../../lambdas/coordination/rules/keys';
import { systemClock } from '../../lambdas/platform/clock';
import type { TableNames } from '../../lambdas/platform/tables';
import { useEmulators } from '../support/emulators';
import { skewedClock } from './support/clocks';
import { ControlledStore } from './support/stores';

const ctx = useEmulators();
let tables: TableNames;
let lockStore: DynamoLockStore;

beforeAll(async () => {
  tables = await ctx.provisionTables('termnumbers');
  lockStore = new DynamoLockStore({ dynamodb: ctx.clients.dynamodb, tableName: tables.coordination });
});

const SETTINGS = { leaseMs: 600, renewMs: 200, retryMs: 50 };

function candidate(group: string, name: string, offsetMs = 0): { elector: LeaderElector; store: ControlledStore; clock: ReturnType<typeof skewedClock> } {
  const clock = skewedClock(systemClock, { offsetMs });
  const store = new ControlledStore(lockStore);
  return { elector: new LeaderElector({ store, clock, group, candidate: name, settings: SETTINGS }), store, clock };
}

async function storedSequence(group: string): Promise<string | undefined> {
  const out = await ctx.clients.dynamodb.send(new GetItemCommand({ TableName: tables.coordination, Key: { pk: { S: leaderKey(group) } }, ConsistentRead: true }));
  return out.Item?.sequence?.N;
}

describe('leadership term numbers (DynamoDB Local)', () => {
  it('gives two candidates racing for the leadership consecutive term numbers, in the order of their tokens', async () => {
    const ROUNDS = 5;
    const won: LeadershipLease[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Both start at once against a free (or released) record; one's wall clock runs 5 s behind, so
      // its first proposal may be below the stored token and refused.
      const a = candidate('race', `a${round}`, round % 2 === 0 ? -5000 : 0);
      const b = candidate('race', `b${round}`);
      const campaigns = [a.elector.campaign(), b.elector.campaign()];
      const first = await Promise.race(campaigns);
      won.push(first);
      await first.release();
      const [x, y] = await Promise.all(campaigns);
      const second = x === first ? y : x;
      if (second === undefined) throw new Error('both campaigns resolve');
      won.push(second);
      await second.release();
    }
    expect(won.map((l) => l.sequence)).toEqual(Array.from({ length: 2 * ROUNDS }, (_v, i) => i + 1));
    for (let i = 1; i < won.length; i++) expect(won[i]?.token).toBeGreaterThan(won[i - 1]?.token ?? Infinity);
    expect(await storedSequence('race')).toBe(String(2 * ROUNDS));
  });

  it('gives the successor of a crashed leader the next number, and renewals never change it', async () => {
    const a = candidate('crash', 'a');
    const b = candidate('crash', 'b');
    const first = await a.elector.campaign();
    await first.renew();
    await first.renew();
    expect(await b.elector.current()).toMatchObject({ candidate: 'a', term: first.token, termNumber: 1 });
    const taking = b.elector.campaign();
    a.clock.pause(); // frozen: no renewals, no resignation
    a.store.partitionAll();
    const second = await taking;
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect(await b.elector.current()).toMatchObject({ candidate: 'b', term: second.token, termNumber: 2 });
    await second.release();
  });

  it('counts a leader record written before term numbers existed as 0: the next term is number 1', async () => {
    const legacy = {
      pk: { S: leaderKey('legacy') },
      owner: { S: 'old-controller' },
      recordVersion: { S: 'v-old' },
      token: { N: '1700000000000' },
      leaseMs: { N: '600' },
      released: { BOOL: false },
      expiresAt: { N: '4000000000' },
      updatedAtMs: { N: '1700000000000' },
    };
    await ctx.clients.dynamodb.send(new PutItemCommand({ TableName: tables.coordination, Item: legacy }));
    const next = candidate('legacy', 'new-controller');
    expect(await next.elector.current()).toMatchObject({ candidate: 'old-controller', termNumber: 0 });
    const lead = await next.elector.campaign(); // the old leader never renews: taken over after a lease
    expect(lead.sequence).toBe(1);
    expect(await storedSequence('legacy')).toBe('1');
    await lead.release();
  });
});
