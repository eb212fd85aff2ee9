/**
 * Lease locks on DynamoDB Local with real time: mutual exclusion under contention (checked by a
 * fenced read-modify-write counter and fenced interval log), zombie writes rejected by the fence,
 * crash takeover time, the release/heartbeat race, and clock offset and rate skew.
 */
import { once } from 'node:events';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLockStore } from '../../lambdas/coordination/dynamodb/lock-store';
import { LockClient, LockLostError, type LockHandle } from '../../lambdas/coordination';
import { safetyMarginMs } from '../../lambdas/coordination/rules/settings';
import { systemClock } from '../../lambdas/platform/clock';
import type { TableNames } from '../../lambdas/platform/tables';
import { useEmulators } from '../support/emulators';
import { skewedClock, type SkewedClock } from './support/clocks';
import { ControlledStore } from './support/stores';

const ctx = useEmulators();
let tables: TableNames;
let lockStore: DynamoLockStore;

beforeAll(async () => {
  tables = await ctx.provisionTables('locks');
  lockStore = new DynamoLockStore({ dynamodb: ctx.clients.dynamodb, tableName: tables.coordination });
});

const SETTINGS = { leaseMs: 600, heartbeatMs: 200, retryMs: 40 };
const MARGIN = safetyMarginMs(SETTINGS.leaseMs, 0.01);
/** Round trips and timer lateness on a shared 2-core machine. */
const SLACK_MS = 300;

function client(owner: string, options: { clock?: SkewedClock; driftRate?: number } = {}) {
  const store = new ControlledStore(lockStore);
  return { store, locks: new LockClient({ store, owner, ...SETTINGS, ...(options.clock ? { clock: options.clock } : {}), ...(options.driftRate ? { driftRate: options.driftRate } : {}) }) };
}

/** A fenced update of a protected item in the State table. */
function fencedUpdate(lock: LockHandle, sk: string, update: string, values: Record<string, unknown>, names?: Record<string, string>) {
  return ctx.clients.documents.send(
    new UpdateCommand(
      lock.fenced({
        TableName: tables.state,
        Key: { pk: 'protected', sk },
        UpdateExpression: update,
        ExpressionAttributeValues: values,
        ...(names ? { ExpressionAttributeNames: names } : {}),
      }),
    ),
  );
}

describe('LockClient on DynamoDB Local', () => {
  it('gives mutual exclusion to 16 contenders over many rounds, with strictly increasing tokens', async () => {
    const CONTENDERS = 16;
    const ROUNDS = 3;
    // Waiters poll every ~150 ms: 16 of them at 40 ms would saturate DynamoDB Local on 2 cores.
    const contended = { leaseMs: 1000, heartbeatMs: 300, retryMs: 150 };
    const contenders = Array.from({ length: CONTENDERS }, (_, i) => new LockClient({ store: lockStore, owner: `c${i}`, ...contended }));
    /** Real-time intervals during which a holder believed it held the lock (checked with isHeld()). */
    const beliefs: Array<{ token: number; start: number; end: number }> = [];
    let rejected = 0;
    await Promise.all(
      contenders.map(async (locks) => {
        for (let round = 0; round < ROUNDS; round++) {
          const lock = await locks.acquire('shared', { waitMs: 60_000 });
          const start = performance.now();
          // The "work": a fenced read-modify-write of a shared counter, checking the lock first.
          const read = await ctx.clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'protected', sk: 'counter' }, ConsistentRead: true }));
          const count = typeof read.Item?.count === 'number' ? read.Item.count : 0;
          const held = lock.isHeld();
          const end = performance.now();
          if (held) beliefs.push({ token: lock.token, start, end });
          try {
            await ctx.clients.documents.send(new PutCommand(lock.fenced({ TableName: tables.state, Item: { pk: 'protected', sk: 'counter', count: count + 1 } })));
            await fencedUpdate(lock, 'log', 'SET #log = list_append(if_not_exists(#log, :empty), :entry)', { ':empty': [], ':entry': [lock.token] }, { '#log': 'log' });
          } catch (err) {
            // Only a holder that was overtaken (an overloaded machine) may be refused, and only by the fence.
            if (!(err instanceof ConditionalCheckFailedException)) throw err;
            rejected += 1;
          }
          await lock.release();
        }
      }),
    );
    // No two holders ever believed at the same time, and grants were ordered by token.
    const sorted = [...beliefs].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]?.start).toBeGreaterThanOrEqual(sorted[i - 1]?.end ?? Infinity);
      expect(sorted[i]?.token).toBeGreaterThan(sorted[i - 1]?.token ?? Infinity);
    }
    // Storage accepted fenced writes in strictly increasing token order: one per grant.
    const log = await ctx.clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'protected', sk: 'log' }, ConsistentRead: true }));
    const tokens = (log.Item?.log ?? []) as number[];
    expect(tokens.length + rejected).toBe(CONTENDERS * ROUNDS);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1] ?? Infinity);
    if (rejected === 0) {
      const counter = await ctx.clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'protected', sk: 'counter' }, ConsistentRead: true }));
      expect(counter.Item?.count).toBe(CONTENDERS * ROUNDS);
    }
  });

  it('rejects the late fenced write of a holder paused past its lease (zombie)', async () => {
    const zombieClock = skewedClock(systemClock);
    const a = client('zombie', { clock: zombieClock });
    const b = client('successor');
    const old = await a.locks.acquire('paused');
    await fencedUpdate(old, 'paused', 'SET holder = :h', { ':h': 'zombie' });
    zombieClock.pause(); // a GC pause / frozen VM: no heartbeats, no deadline checks
    const successor = await b.locks.acquire('paused', { waitMs: 5_000 });
    expect(successor.token).toBeGreaterThan(old.token);
    await fencedUpdate(successor, 'paused', 'SET holder = :h', { ':h': 'successor' });
    zombieClock.resume();
    // The zombie wakes and writes without looking at its signal: storage refuses.
    await expect(fencedUpdate(old, 'paused', 'SET holder = :h', { ':h': 'zombie-late' })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    if (!old.signal.aborted) await once(old.signal, 'abort');
    expect(old.signal.reason).toBeInstanceOf(LockLostError);
    const item = await ctx.clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'protected', sk: 'paused' }, ConsistentRead: true }));
    expect(item.Item).toMatchObject({ holder: 'successor', fenceToken: successor.token });
    await successor.release();
  });

  it('takes over a crashed holder within lease + retry (+ margin), after the holder’s danger signal', async () => {
    const frozen = skewedClock(systemClock);
    const a = client('crasher', { clock: frozen });
    const b = client('taker');
    const held = await a.locks.acquire('crash');
    let stoppedAt = Infinity;
    held.signal.addEventListener('abort', () => (stoppedAt = performance.now()));
    const taking = b.locks.acquire('crash', { waitMs: 10_000 }).then((lock) => ({ lock, at: performance.now() }));
    await Promise.race([a.store.reached('renew', 2), once(held.signal, 'abort')]);
    expect(held.isHeld()).toBe(true);
    const crashedAt = performance.now();
    a.store.partitionAll(); // the process is gone: no renewals reach the table
    const { lock, at } = await taking;
    expect(lock.token).toBeGreaterThan(held.token);
    expect(at - crashedAt).toBeLessThanOrEqual(SETTINGS.leaseMs + SETTINGS.retryMs + MARGIN + SLACK_MS);
    expect(stoppedAt).toBeLessThan(at);
    await lock.release();
  });

  it('never leaves the lock held when a heartbeat races the release', async () => {
    const a = client('racer');
    const b = client('next');
    for (let i = 0; i < 15; i++) {
      const lock = await a.locks.acquire('race', { autoRenew: false });
      const [renewed, released] = await Promise.allSettled([lock.renew(), lock.release()]);
      expect(released).toEqual({ status: 'fulfilled', value: true });
      expect(['fulfilled', 'rejected']).toContain(renewed.status);
      expect(await a.locks.current('race')).toBeUndefined();
      const next = await b.locks.tryAcquire('race');
      expect(next?.token).toBeGreaterThan(lock.token);
      await next?.release();
    }
  });

  it('renews and releases a grant by owner + token from another client (a remote holder), never resurrecting it', async () => {
    const remote = client('remote');
    const api = client('api');
    const held = await remote.locks.acquire('by-token', { autoRenew: false, waitMs: 0, payload: 'p' });
    const grant = { owner: held.owner, token: held.token };
    const first = await api.locks.current('by-token');
    const renewed = await api.locks.renewByToken('by-token', { ...grant, leaseMs: 2 * SETTINGS.leaseMs });
    expect(renewed).toMatchObject({ owner: 'remote', token: held.token, leaseMs: 2 * SETTINGS.leaseMs, payload: 'p' });
    expect(renewed.recordVersion).not.toBe(first?.recordVersion);
    const wrong = await api.locks.renewByToken('by-token', { ...grant, token: held.token + 1 }).catch((err: unknown) => err);
    expect(wrong).toMatchObject({ name: 'LockLostError', reason: 'taken' });
    expect(await api.locks.releaseByToken('by-token', grant)).toBe(true);
    expect(await api.locks.releaseByToken('by-token', grant)).toBe(false);
    const late = await api.locks.renewByToken('by-token', grant).catch((err: unknown) => err);
    expect(late).toBeInstanceOf(LockLostError);
    expect((late as LockLostError).reason).toBe('released');
    expect(await api.locks.current('by-token')).toBeUndefined();
    const next = await api.locks.acquire('by-token', { autoRenew: false, waitMs: 0 });
    expect(next.token).toBeGreaterThan(held.token);
    await next.release();
  });

  it('is unaffected by clock offsets and stays safe under rate skew within driftRate', async () => {
    // Holder's clock slow, waiter's fast, both far apart in offset (monotonic and wall).
    const slow = skewedClock(systemClock, { rate: 0.98, offsetMs: 3_600_000 });
    const fast = skewedClock(systemClock, { rate: 1.02, offsetMs: -3_600_000 });
    const a = client('slow', { clock: slow, driftRate: 0.05 });
    const b = client('fast', { clock: fast, driftRate: 0.05 });
    const held = await a.locks.acquire('skew');
    let stoppedAt = Infinity;
    held.signal.addEventListener('abort', () => (stoppedAt = performance.now()));
    a.store.partitioned = new Set(['renew']); // alive but cut off: it must stop on its own clock
    const taken = await b.locks.acquire('skew', { waitMs: 10_000 });
    const takenAt = performance.now();
    expect(taken.token).toBeGreaterThan(held.token);
    expect(stoppedAt).toBeLessThan(takenAt);
    expect((held.signal.reason as LockLostError).reason).toBe('expired');
    await taken.release();
  });
});
