/**
 * Leader election on DynamoDB Local with real time: many campaigns with crashes and resignations;
 * one leader per term, terms strictly increasing and numbered 1, 2, 3, …, crashed leaders replaced
 * within lease + retry, and fenced writes accepted in term order.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoLockStore } from '../../lambdas/coordination/dynamodb/lock-store';
import { LeaderElector, type LeaderInfo } from '../../lambdas/coordination';
import { safetyMarginMs } from '../../lambdas/coordination/rules/settings';
import { systemClock } from '../../lambdas/platform/clock';
import type { TableNames } from '../../lambdas/platform/tables';
import { useEmulators } from '../support/emulators';
import { skewedClock } from './support/clocks';
import { ControlledStore } from './support/stores';

const ctx = useEmulators();
let tables: TableNames;
let lockStore: DynamoLockStore;

beforeAll(async () => {
  tables = await ctx.provisionTables('leaders');
  lockStore = new DynamoLockStore({ dynamodb: ctx.clients.dynamodb, tableName: tables.coordination });
});

const SETTINGS = { leaseMs: 600, renewMs: 200, retryMs: 50 };
const MARGIN = safetyMarginMs(SETTINGS.leaseMs, 0.01);
// Scheduling slack on a shared 2-core machine (timers and the event loop, not the protocol).
const SLACK_MS = 600;

interface TermRecord {
  readonly term: number;
  readonly termNumber: number;
  readonly candidate: string;
  readonly start: number;
  end?: number;
  crashedAt?: number;
}

describe('LeaderElector on DynamoDB Local', () => {
  it('keeps one leader per term with strictly increasing terms across campaigns, resignations and crashes', async () => {
    const CANDIDATES = 5;
    const TERMS = 8;
    const stop = new AbortController();
    const terms: TermRecord[] = [];
    let fencedRejections = 0;

    const observed: Array<LeaderInfo | undefined> = [];
    const watcher = new LeaderElector({ store: lockStore, group: 'controller', candidate: 'watcher', settings: SETTINGS });
    const observing = (async () => {
      for await (const info of watcher.observe({ signal: stop.signal })) observed.push(info);
    })();

    const candidate = async (slot: number): Promise<void> => {
      for (let generation = 0; !stop.signal.aborted; generation++) {
        // Each generation is a fresh process: its own clock (frozen on crash) and connection to the table.
        const clock = skewedClock(systemClock);
        const store = new ControlledStore(lockStore);
        const elector = new LeaderElector({ store, clock, group: 'controller', candidate: `c${slot}.${generation}`, settings: SETTINGS });
        const leadership = await elector.campaign({ signal: stop.signal }).catch(() => undefined);
        if (!leadership) return;
        const record: TermRecord = { term: leadership.token, termNumber: leadership.sequence, candidate: leadership.owner, start: performance.now() };
        terms.push(record);
        try {
          await ctx.clients.documents.send(
            new UpdateCommand(
              leadership.fenced({
                TableName: tables.state,
                Key: { pk: 'controller', sk: 'state' },
                UpdateExpression: 'SET #terms = list_append(if_not_exists(#terms, :empty), :term)',
                ExpressionAttributeNames: { '#terms': 'terms' },
                ExpressionAttributeValues: { ':empty': [], ':term': [leadership.token] },
              }),
            ),
          );
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
          fencedRejections += 1;
        }
        if (terms.length >= TERMS) stop.abort();
        if (terms.length % 2 === 0) {
          record.end = performance.now();
          await leadership.release();
        } else {
          record.crashedAt = performance.now();
          clock.pause(); // frozen: no renewals, no resignation
          store.partitionAll();
        }
      }
    };
    await Promise.all(Array.from({ length: CANDIDATES }, (_, slot) => candidate(slot)));
    await observing;

    expect(terms.length).toBeGreaterThanOrEqual(TERMS);
    const byStart = [...terms].sort((a, b) => a.start - b.start);
    for (let i = 1; i < byStart.length; i++) {
      const [prev, cur] = [byStart[i - 1], byStart[i]];
      expect(cur?.term).toBeGreaterThan(prev?.term ?? Infinity);
      if (prev?.crashedAt !== undefined) {
        // A crashed leader is replaced within one lease (+ margin) + one retry period.
        expect((cur?.start ?? Infinity) - prev.crashedAt).toBeLessThanOrEqual(SETTINGS.leaseMs + MARGIN + SETTINGS.retryMs + SLACK_MS);
      }
    }
    expect(new Set(terms.map((t) => t.term)).size).toBe(terms.length);
    // Term numbers: 1, 2, 3, … with no gap, in term order.
    expect(byStart.map((t) => t.termNumber)).toEqual(byStart.map((_t, i) => i + 1));

    const state = await ctx.clients.documents.send(new GetCommand({ TableName: tables.state, Key: { pk: 'controller', sk: 'state' }, ConsistentRead: true }));
    const written = (state.Item?.terms ?? []) as number[];
    expect(written.length + fencedRejections).toBe(terms.length);
    for (let i = 1; i < written.length; i++) expect(written[i]).toBeGreaterThan(written[i - 1] ?? Infinity);

    const observedTerms = observed.filter((o): o is LeaderInfo => o !== undefined).map((o) => o.term);
    expect(observedTerms.length).toBeGreaterThan(1);
    for (let i = 1; i < observedTerms.length; i++) expect(observedTerms[i]).toBeGreaterThanOrEqual(observedTerms[i - 1] ?? Infinity);
  });
});
