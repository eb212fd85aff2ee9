/**
 * Observations table adapter: one item per (target, checker). Writes are conditional on `seq`, so an
 * older or overlapping checker invocation can never overwrite a newer observation.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Observation } from './rules/types';
import type { ObservationStore, PutObservationResult } from './observation-store';

export class ObservationStoreError extends Error {
  override readonly name = 'ObservationStoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const failureReason = z.enum(['timeout', 'refused', 'reset', 'dns', 'tls', 'unreachable', 'status', 'body-mismatch', 'too-slow', 'error']);

const recentSchema = z.object({
  at: z.number(),
  ok: z.boolean(),
  ms: z.number(),
  reason: failureReason.optional(),
  status: z.number().int().optional(),
});

/** Extra attributes are tolerated, so a newer writer's items still decode. */
const observationSchema = z.object({
  target: z.string().min(1),
  checker: z.string().min(1),
  state: z.enum(['UNKNOWN', 'UP', 'DOWN']),
  consecutiveFailures: z.number().int().min(0),
  consecutiveSuccesses: z.number().int().min(0),
  stateSince: z.number().optional(),
  observedAt: z.number(),
  seq: z.number().int().min(0),
  intervalMs: z.number().positive(),
  recent: z.array(recentSchema).default([]),
  expiresAt: z.number(),
  writer: z.string().optional(),
});

/** Decodes a stored item; throws ObservationStoreError naming the item and the bad attributes. */
export function decodeObservation(item: Record<string, unknown>): Observation {
  const parsed = observationSchema.safeParse(item);
  if (parsed.success) {
    const { stateSince, writer, ...rest } = parsed.data;
    return { ...rest, ...(stateSince === undefined ? {} : { stateSince }), ...(writer === undefined ? {} : { writer }) };
  }
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`).join('; ');
  throw new ObservationStoreError(`observation ${String(item.target)}/${String(item.checker)} is malformed: ${problems}`);
}

const BATCH_GET_LIMIT = 100;
const BATCH_RETRIES = 5;

export interface DynamoDbObservationStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
}

export class DynamoDbObservationStore implements ObservationStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: DynamoDbObservationStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
  }

  async loadForChecker(checker: string, targets: readonly string[]): Promise<Map<string, Observation>> {
    const found = new Map<string, Observation>();
    const unique = [...new Set(targets)];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_LIMIT).map((target) => ({ target, checker }));
      for (let attempt = 0; keys.length > 0; attempt += 1) {
        if (attempt > BATCH_RETRIES)
          throw new ObservationStoreError(`reading ${keys.length} observations of ${checker} from ${this.tableName}: still unprocessed after ${BATCH_RETRIES} retries (throttled?)`);
        const out = await this.send(`reading observations of ${checker}`, () => this.documents.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } })));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const o = decodeObservation(item);
          found.set(o.target, o);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  async loadForTargets(targets: readonly string[]): Promise<Observation[]> {
    const pages = await Promise.all([...new Set(targets)].map((target) => this.queryTarget(target)));
    return pages.flat();
  }

  async put(observation: Observation): Promise<PutObservationResult> {
    try {
      await this.send(`writing observation ${observation.target}/${observation.checker}`, () =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...observation },
            ConditionExpression: 'attribute_not_exists(#seq) OR #seq < :seq',
            ExpressionAttributeNames: { '#seq': 'seq' },
            ExpressionAttributeValues: { ':seq': observation.seq },
          }),
        ),
      );
      return { written: true };
    } catch (err) {
      if (!(err instanceof ObservationStoreError && err.cause instanceof ConditionalCheckFailedException)) throw err;
      return this.refused(observation);
    }
  }

  /** A refused write: read the item that won, so the writer can adopt its seq and state. */
  private async refused(observation: Observation): Promise<PutObservationResult> {
    const out = await this.send(`reading observation ${observation.target}/${observation.checker}`, () =>
      this.documents.send(new GetCommand({ TableName: this.tableName, Key: { target: observation.target, checker: observation.checker }, ConsistentRead: true })),
    );
    const item = out.Item;
    if (item === undefined) return { written: false };
    const currentSeq = typeof item.seq === 'number' ? item.seq : undefined;
    try {
      return { written: false, current: decodeObservation(item), ...(currentSeq === undefined ? {} : { currentSeq }) };
    } catch {
      return { written: false, ...(currentSeq === undefined ? {} : { currentSeq }) };
    }
  }

  private async queryTarget(target: string): Promise<Observation[]> {
    const rows: Observation[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.send(`reading observations of ${target}`, () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#t = :t',
            ExpressionAttributeNames: { '#t': 'target' },
            ExpressionAttributeValues: { ':t': target },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of out.Items ?? []) rows.push(decodeObservation(item));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return rows;
  }

  /** Adds what was being done and to which table to SDK errors. */
  private async send<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new ObservationStoreError(`${what} in table ${this.tableName} failed: ${message}`, { cause: err });
    }
  }
}
