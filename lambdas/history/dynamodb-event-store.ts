/**
 * HistoryEventStore on the Events table (`lambdas/platform/tables.ts`): `pk = day#YYYY-MM-DD`,
 * `sk = <ISO anchor>#<kind>#<identity>`, or `pk = drill#<id>` for drill steps (`rules/keys.ts`).
 *
 * Writes are conditional puts (`attribute_not_exists(pk)`): the first writer of a fact wins and a
 * repeat reports `exists` — never an error. A window is read as one Query per UTC day, a few in
 * parallel, each a sort-key range, eventually consistent (reports tolerate a second of lag).
 *
 * Settled days (ended more than `settleMs` ago) are read from their day digest (day-digests.ts), built
 * by the first report that reads the day; a write into a day that may be settled marks its digest
 * stale, before and after the put.
 *
 * The event is stored as one JSON string attribute (`e`), not as a DynamoDB map: reading 10,000
 * events as maps took 2.7× as long on DynamoDB Local (each nested attribute is marshalled on both
 * sides), and nothing ever filters on an event's fields server-side. `at` (the anchor) and `kind`
 * stay top-level for people browsing the table.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DrillStepEvent, HistoryEvent } from './rules/events';
import type { EventRange, HistoryEventStore, PutOutcome } from './event-store';
import { decodeEvent, validEvent } from './codec';
import { dayBucketsBetween, drillPartition, eventKey, expiresAt, sortKeyRange } from './rules/keys';
import { DayDigests, DEFAULT_SETTLE_MS, dayEnd } from './day-digests';
import { conditionFailure } from '../coordination';
import { forEachBounded } from '../platform/bounded';

export interface DynamoDbEventStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  /** Physical Events table name: `tableNames(service).events`. */
  readonly tableName: string;
  /** TTL of every event, counted from its anchor time (`history.retentionDays`). */
  readonly retentionDays: number;
  /** Day Queries in flight at once. @default 8 */
  readonly queryConcurrency?: number;
  /** Longest range read at once (one Query per day). @default 3660, ten years: the longest retention */
  readonly maxRangeDays?: number;
  /** Items per Query page (tests use a small one to exercise paging). @default DynamoDB's 1 MB page */
  readonly pageSize?: number;
  /** Read settled days from day digests. @default true */
  readonly digests?: boolean;
  /** How long after its end a day counts as settled. @default 2 days */
  readonly settleMs?: number;
  /** Wall-clock ms. @default Date.now */
  readonly now?: () => number;
}

/** A writer treats a day as possibly settled this much early, for readers whose clocks run ahead. */
const SETTLE_SKEW_MS = 3_600_000;

type Item = Record<string, unknown>;

export class DynamoDbEventStore implements HistoryEventStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionDays: number;
  private readonly concurrency: number;
  private readonly pageSize: number | undefined;
  private readonly maxRangeDays: number;
  private readonly digests: DayDigests | undefined;
  private readonly settleMs: number;
  private readonly now: () => number;

  constructor(options: DynamoDbEventStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
    this.retentionDays = options.retentionDays;
    this.concurrency = options.queryConcurrency ?? 8;
    this.pageSize = options.pageSize;
    this.maxRangeDays = options.maxRangeDays ?? 3660;
    this.digests = options.digests === false ? undefined : new DayDigests(options.documents, options.tableName, options.retentionDays);
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.now = options.now ?? Date.now;
  }

  async put(event: HistoryEvent): Promise<PutOutcome> {
    const valid = validEvent(event);
    const key = eventKey(valid);
    // A late event for a day that may already be digested: stale the digest before (so no digest
    // built from now on is trusted without this event) and after (one built while we wrote).
    const late = this.digests !== undefined && key.pk.startsWith('day#') && dayEnd(key.pk) + this.settleMs - SETTLE_SKEW_MS <= this.now();
    if (late) await this.digests?.invalidate(key.pk);
    const outcome = await this.putItem(valid, key);
    if (late) await this.digests?.invalidate(key.pk);
    return outcome;
  }

  private async putItem(valid: HistoryEvent, key: ReturnType<typeof eventKey>): Promise<PutOutcome> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: key.pk, sk: key.sk, at: key.anchorAt, kind: valid.kind, e: JSON.stringify(valid), expiresAt: expiresAt(key.anchorAt, this.retentionDays) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'written';
    } catch (err) {
      // Already recorded (a retry, a roll-forward, a second observer): the first record stands.
      if (conditionFailure(err) !== undefined) return 'exists';
      throw err;
    }
  }

  async range(from: number, to: number): Promise<EventRange> {
    const { lower, upper } = sortKeyRange(from, to);
    const buckets = dayBucketsBetween(from, to);
    if (buckets.length > this.maxRangeDays) throw new RangeError(`a history range covers at most ${this.maxRangeDays} days, got ${buckets.length}`);
    const perDay: HistoryEvent[][] = buckets.map(() => []);
    let skipped = 0;
    const settledBefore = this.now() - this.settleMs;
    const settled = this.digests === undefined ? [] : buckets.filter((pk) => dayEnd(pk) <= settledBefore);
    const lookups = new Map(settled.length > 0 && this.digests ? (await this.digests.lookup(settled)).map((l, i) => [settled[i]!, l] as const) : []);
    const inRange = (e: HistoryEvent): boolean => {
      const at = eventKey(e).anchorAt;
      return at >= from && at < to;
    };
    await forEachBounded(buckets, this.concurrency, async (pk, index) => {
      const lookup = lookups.get(pk);
      if (lookup === undefined) {
        const { events, skipped: bad } = await this.query(pk, { bounds: { lower, upper } });
        perDay[index] = events;
        skipped += bad;
        return;
      }
      if (lookup.kind === 'hit') {
        perDay[index] = lookup.events.filter(inRange);
        skipped += lookup.skipped;
        return;
      }
      // A settled day without a digest: read all of it (consistently), digest it for the next report.
      const { events, skipped: bad } = await this.query(pk, { consistent: true });
      await this.digests?.store(pk, events, lookup.marker);
      perDay[index] = events.filter(inRange);
      skipped += bad;
    });
    // Each day comes back in sort-key order, and days are in order: concatenating keeps time order.
    return { events: perDay.flat(), skipped };
  }

  async drill(drillId: string): Promise<EventRange<DrillStepEvent>> {
    const { events: all, skipped } = await this.query(drillPartition(drillId));
    const events = all.filter((e): e is DrillStepEvent => e.kind === 'drill-step');
    return { events, skipped: skipped + all.length - events.length };
  }

  private async query(pk: string, options: { bounds?: { lower: string; upper: string }; consistent?: boolean } = {}): Promise<{ events: HistoryEvent[]; skipped: number }> {
    const { bounds } = options;
    const events: HistoryEvent[] = [];
    let skipped = 0;
    let startKey: Item | undefined;
    do {
      const out = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: bounds ? 'pk = :pk AND sk BETWEEN :lower AND :upper' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(bounds ? { ':lower': bounds.lower, ':upper': bounds.upper } : {}) },
          ProjectionExpression: 'e',
          ...(options.consistent ? { ConsistentRead: true } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          ...(this.pageSize ? { Limit: this.pageSize } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const event = decodeStored(item.e);
        if (event === undefined) skipped += 1;
        else events.push(event);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { events, skipped };
  }
}

function decodeStored(text: unknown): HistoryEvent | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return decodeEvent(JSON.parse(text));
  } catch {
    return undefined;
  }
}
