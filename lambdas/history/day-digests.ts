/**
 * Day digests: one item per settled UTC day holding all of that day's events, gzipped — a read
 * cache of the Events table for reports. A 30-day report then reads ~31 digests in one or two
 * BatchGetItem calls and Queries only the days still settling, instead of ~10,000 items in 33
 * Queries (bench/report.ts measures both).
 *
 * A day is *settled* `settleMs` (default 2 days) after it ended: only a flip rolled forward that
 * late, or a writer's clock that far off, still files an event there. Even so a digest never hides
 * an event for good — a writer that files an event in a settled day *afterwards* marks the day's
 * digest stale (a new `marker`, payload removed), and a reader stores a digest only if the marker
 * it saw before its Query is still the one in the table (a conditional put). The one way to miss
 * an event: its writer dies between its put and its invalidation, for a day already settled.
 *
 * Item: `pk = digest#YYYY-MM-DD`, `sk = digest`, `z` (gzipped JSON array of the day's events in
 * sort-key order, each validated), `v` (the event schema's fingerprint), `count`, `marker`, `expiresAt`.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchGetCommand, PutCommand, UpdateCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { historyEventSchema, type HistoryEvent } from './rules/events';
import { conditionFailure } from '../coordination';

const DAY_MS = 86_400_000;
/**
 * The event schema a digest was made under. A digest holds events that were validated when it was
 * built, so reading one skips validation (a third of a report's decode time) — safe only while the
 * schema is the same: a digest made under another schema is a miss, and is rebuilt.
 */
let schemaFingerprint: string | undefined;
function fingerprint(): string {
  schemaFingerprint ??= createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(historyEventSchema)))
    .digest('hex')
    .slice(0, 16);
  return schemaFingerprint;
}
/** A digest bigger than this (DynamoDB items stop at 400 KB) is not stored; the day is read by Query. */
const MAX_DIGEST_BYTES = 350_000;
const BATCH_GET_MAX = 100;

export const DEFAULT_SETTLE_MS = 2 * DAY_MS;

export function digestKey(dayPk: string): { pk: string; sk: string } {
  return { pk: dayPk.replace(/^day#/, 'digest#'), sk: 'digest' };
}

/** Epoch ms the UTC day of `dayPk` (`day#YYYY-MM-DD`) ends. */
export function dayEnd(dayPk: string): number {
  return Date.parse(`${dayPk.slice(4)}T00:00:00.000Z`) + DAY_MS;
}

/** What a reader found: the day's events, or the marker a new digest must be stored under. */
export type DigestLookup = { readonly kind: 'hit'; readonly events: HistoryEvent[]; readonly skipped: number } | { readonly kind: 'miss'; readonly marker: string | undefined };

type Item = Record<string, unknown>;

export class DayDigests {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  /** The digests of these day partitions, one lookup each (same order). */
  async lookup(dayPks: readonly string[]): Promise<DigestLookup[]> {
    const found = new Map<string, Item>();
    for (let i = 0; i < dayPks.length; i += BATCH_GET_MAX) {
      let keys: Item[] | undefined = dayPks.slice(i, i + BATCH_GET_MAX).map(digestKey);
      // Unprocessed keys (throttling) are asked again; DynamoDB returns each at most once.
      while (keys !== undefined && keys.length > 0) {
        const out: BatchGetCommandOutput = await this.documents.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(String(item.pk), item);
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return dayPks.map((pk) => decodeDigest(found.get(digestKey(pk).pk)));
  }

  /** Stores a day's digest unless a writer marked the day since `seen` was read. Best effort: never throws. */
  async store(dayPk: string, events: readonly HistoryEvent[], seen: string | undefined): Promise<boolean> {
    const z = gzipSync(JSON.stringify(events));
    if (z.byteLength > MAX_DIGEST_BYTES) return false;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...digestKey(dayPk), v: fingerprint(), z, count: events.length, marker: randomUUID(), expiresAt: Math.floor(dayEnd(dayPk) / 1000) + this.retentionDays * 86_400 },
          ...(seen === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'marker = :seen', ExpressionAttributeValues: { ':seen': seen } }),
        }),
      );
      return true;
    } catch (err) {
      // Refused: a writer marked the day meanwhile (the next report tries again). Anything else: the
      // digest is only a cache, and this report already has the day's events.
      void conditionFailure(err);
      return false;
    }
  }

  /** A late event was filed in `dayPk`: its digest (if any, or one being built) no longer holds. */
  async invalidate(dayPk: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: digestKey(dayPk),
        UpdateExpression: 'SET marker = :marker, expiresAt = :expires REMOVE z, v, #count',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':marker': randomUUID(), ':expires': Math.floor(dayEnd(dayPk) / 1000) + this.retentionDays * 86_400 },
      }),
    );
  }
}

function decodeDigest(item: Item | undefined): DigestLookup {
  if (item === undefined) return { kind: 'miss', marker: undefined };
  const marker = typeof item.marker === 'string' ? item.marker : undefined;
  if (item.v !== fingerprint() || !(item.z instanceof Uint8Array)) return { kind: 'miss', marker };
  let raw: unknown;
  try {
    raw = JSON.parse(gunzipSync(item.z).toString('utf8'));
  } catch {
    return { kind: 'miss', marker };
  }
  if (!Array.isArray(raw)) return { kind: 'miss', marker };
  // Validated when the digest was built, under this same schema (the fingerprint says so).
  return { kind: 'hit', events: raw as HistoryEvent[], skipped: 0 };
}
