/**
 * The DynamoDB lock store against DynamoDB Local: it must behave exactly like the protocol's pure
 * transitions (checked against MemoryLockStore on random operation sequences) and write the TTL
 * attribute.
 */
import fc from 'fast-check';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoLockStore } from '../../../lambdas/coordination/dynamodb/lock-store';
import { MemoryLockStore } from '../../../lambdas/coordination';
import type { Grant, GrantUpdate } from '../../../lambdas/coordination/rules/record';
import type { LockStore, WriteOutcome } from '../../../lambdas/coordination/lock-store';
import { useEmulators } from '../../support/emulators';

const ctx = useEmulators();
let store: DynamoLockStore;
let table: string;

beforeAll(async () => {
  table = (await ctx.provisionTables('lockstore')).coordination;
  store = new DynamoLockStore({ dynamodb: ctx.clients.dynamodb, tableName: table });
});

type Op =
  | { kind: 'acquireFree'; owner: string; tokenDelta: number; payload?: string }
  | { kind: 'takeOver'; owner: string; pick: number; tokenDelta: number }
  | { kind: 'renew'; owner: string; tokenDelta: number; payload?: string }
  | { kind: 'release'; owner: string; tokenDelta: number };

const owner = fc.constantFrom('a', 'b');
const payload = fc.option(fc.constantFrom('p', 'q'), { nil: undefined });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('acquireFree' as const), owner, tokenDelta: fc.integer({ min: -1, max: 2 }), payload }, { requiredKeys: ['kind', 'owner', 'tokenDelta'] }),
  fc.record({ kind: fc.constant('takeOver' as const), owner, pick: fc.nat(8), tokenDelta: fc.integer({ min: -1, max: 2 }) }),
  fc.record({ kind: fc.constant('renew' as const), owner, tokenDelta: fc.integer({ min: -1, max: 0 }), payload }, { requiredKeys: ['kind', 'owner', 'tokenDelta'] }),
  fc.record({ kind: fc.constant('release' as const), owner, tokenDelta: fc.integer({ min: -1, max: 0 }) }),
);

async function run(s: LockStore, key: string, op: Op, n: number, versions: readonly string[], token: number): Promise<WriteOutcome> {
  const recordVersion = `v${n}`;
  if (op.kind === 'acquireFree' || op.kind === 'takeOver') {
    const grant: Grant = {
      owner: op.owner,
      recordVersion,
      token: token + op.tokenDelta,
      leaseMs: 1000 + n,
      ...(op.kind === 'acquireFree' && op.payload !== undefined ? { payload: op.payload } : {}),
      expiresAt: 2_000_000_000 + n,
      wallMs: 1_700_000_000_000 + n,
    };
    return op.kind === 'acquireFree' ? s.acquireFree(key, grant) : s.takeOver(key, versions[op.pick % Math.max(1, versions.length)] ?? 'none', grant);
  }
  const update: GrantUpdate = {
    owner: op.owner,
    token: token + op.tokenDelta,
    recordVersion,
    leaseMs: 1000,
    expiresAt: 2_000_000_000 + n,
    wallMs: 1_700_000_000_000 + n,
    ...(op.kind === 'renew' && op.payload !== undefined ? { payload: op.payload } : {}),
  };
  return op.kind === 'renew' ? s.renew(key, update) : s.release(key, update);
}

describe('DynamoLockStore (DynamoDB Local)', () => {
  it('behaves exactly like the pure protocol transitions on random operation sequences', async () => {
    let runNo = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const key = `lock#conformance-${++runNo}`;
        const memory = new MemoryLockStore();
        const versions: string[] = [];
        let n = 0;
        for (const op of ops) {
          n += 1;
          const token = (await memory.read(key))?.token ?? 1_700_000_000_000;
          const expected = await run(memory, key, op, n, versions, token);
          const actual = await run(store, key, op, n, versions, token);
          expect(actual).toEqual(expected);
          if (expected.kind === 'ok') versions.push(expected.record.recordVersion);
        }
        expect(await store.read(key)).toEqual(await memory.read(key));
      }),
      { numRuns: 15 },
    );
  });

  it('stores expiresAt as epoch seconds for DynamoDB TTL and keeps released items (the token counter)', async () => {
    const key = 'lock#ttl';
    const grant: Grant = { owner: 'a', recordVersion: 'v1', token: 42, leaseMs: 1000, payload: 'p', expiresAt: 1_800_000_000, wallMs: 1 };
    const acquired = await store.acquireFree(key, grant);
    expect(acquired).toMatchObject({ kind: 'ok', record: { token: 42, payload: 'p' } });
    await store.release(key, { owner: 'a', token: 42, recordVersion: 'v2', leaseMs: 1000, expiresAt: 1_800_000_100, wallMs: 2 });
    const raw = await ctx.clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } }, ConsistentRead: true }));
    expect(raw.Item?.expiresAt).toEqual({ N: '1800000100' });
    expect(raw.Item?.released).toEqual({ BOOL: true });
    expect(raw.Item?.token).toEqual({ N: '42' });
    expect(raw.Item?.payload).toBeUndefined();
    // A proposal not above the kept token is refused with the record, so the writer can go above it.
    expect(await store.acquireFree(key, { ...grant, recordVersion: 'v3' })).toMatchObject({ kind: 'rejected', current: { token: 42, released: true } });
    expect(await store.acquireFree(key, { ...grant, recordVersion: 'v4', token: 43 })).toMatchObject({ kind: 'ok', record: { token: 43, released: false } });
  });

  it('rejects a renewal after a release, returning the released record (no resurrection)', async () => {
    const key = 'lock#race';
    const grant: Grant = { owner: 'a', recordVersion: 'v1', token: 1, leaseMs: 1000, expiresAt: 1, wallMs: 1 };
    await store.acquireFree(key, grant);
    const same = { owner: 'a', token: 1, leaseMs: 1000, expiresAt: 1, wallMs: 1 };
    const [released, renewed] = await Promise.all([store.release(key, { ...same, recordVersion: 'r' }), store.renew(key, { ...same, recordVersion: 'h' })]);
    expect(released.kind).toBe('ok');
    const final = await store.read(key);
    expect(final?.released).toBe(true);
    if (renewed.kind === 'rejected') expect(renewed.current?.released).toBe(true);
    expect(await store.renew(key, { ...same, recordVersion: 'late' })).toMatchObject({ kind: 'rejected', current: { released: true, recordVersion: final?.recordVersion } });
  });
});
