/**
 * RouteTableStore on DynamoDB (State table, pk `pk`, sk `sk`):
 *
 * - head: pk `routing`, sk `current`: the whole current table plus `version` (and `fenceTerm`, the
 *   term of the last fenced publish, and `sourceVersion`, the version of the controller state it
 *   was built from, when given). Readers poll only `version`.
 * - history: pk `routing`, sk `v#<version, 16 digits>`: an immutable copy of every version.
 *
 * A publish is an UpdateItem of the head conditional on `version = :expected` (or
 * `attribute_not_exists(pk)` for the first table) ANDed with the optional fence (the publish's
 * `RouteTableFence` term as the coordination library's `fenceCondition` on `fenceTerm`) and the optional
 * source-version check (stored ≤ mine), so two writers can never interleave and a table never goes
 * back to an older source version. With `transactions: true` the history item is put in the same
 * TransactWriteItems. Without (the default: MRSC global tables do not support transactions) it is
 * put right after the head; the head write returns the previous item, whose history entry is
 * re-put too, so a writer that crashed between its two writes leaves a gap only until the next
 * publish. The head is the source of truth; history is for audits and rollbacks.
 */
import { isDeepStrictEqual } from 'node:util';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PublishOptions, RouteTableFence, RouteTableStore } from './route-table-store';
import { CorruptRouteTableError, OutdatedRouteTableSourceError, RouteTableFencedError, RouteTableInputError, StaleRouteTableVersionError } from './errors';
import { checkPublishable } from './publish-check';
import { parseRouteTable, type RouteTable } from './table';
import { conditionFailure, DEFAULT_TERM_ATTRIBUTE, fenceCondition, isWriteConflict } from '../coordination';

export const ROUTING_PK = 'routing';
export const ROUTING_HEAD_SK = 'current';
/** Item layout version; bump on an incompatible change so old readers refuse new items loudly. */
export const ROUTING_ITEM_SCHEMA = 1;
/** Head attribute: the term of the last fenced publish (`RouteTableFence.term`), as leaders store it. */
export const FENCE_ATTRIBUTE = DEFAULT_TERM_ATTRIBUTE;
/** Head attribute: the source (controller state) version the current table was built from. */
export const SOURCE_VERSION_ATTRIBUTE = 'sourceVersion';

/** `v#0000000000000042`: sorts by version; 16 digits hold every safe integer. */
export function historySortKey(version: number): string {
  return `v#${String(version).padStart(16, '0')}`;
}

export interface DynamoRouteTableStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  /** The State table (`tableNames(service).state`). */
  readonly tableName: string;
  /** Partition of this routing table; several tables can share one State table. @default 'routing' */
  readonly pk?: string;
  /** Head + history in one TransactWriteItems. Not on MRSC global tables. @default false */
  readonly transactions?: boolean;
  /** Told when a history write fails after the head was published (the publish still succeeds). */
  readonly onHistoryError?: (err: unknown, version: number) => void;
}

type Item = Record<string, unknown>;

/** Table fields as stored: `members` once (the ring description holds them in memory). */
export function encodeRoutingItem(table: RouteTable): Item {
  const { members: _ringMembers, ...ring } = table.ring;
  return {
    schema: ROUTING_ITEM_SCHEMA,
    version: table.version,
    members: table.members.map((m) => ({ id: m.id, weight: m.weight })),
    healthy: [...table.healthy],
    primary: table.primary,
    ring,
    updatedAt: table.updatedAt,
    updatedBy: table.updatedBy,
    reason: table.reason,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** @throws CorruptRouteTableError */
export function decodeRoutingItem(item: Item, where: string): RouteTable {
  if (item.schema !== ROUTING_ITEM_SCHEMA) {
    throw new CorruptRouteTableError(where, [`schema must be ${ROUTING_ITEM_SCHEMA} (got ${JSON.stringify(item.schema) ?? 'nothing'}); written by an incompatible version?`]);
  }
  const candidate = {
    version: item.version,
    members: item.members,
    healthy: item.healthy,
    primary: item.primary,
    ring: isRecord(item.ring) ? { ...item.ring, members: item.members } : item.ring,
    updatedAt: item.updatedAt,
    updatedBy: item.updatedBy,
    reason: item.reason,
  };
  return parseRouteTable(candidate, where);
}

/** SET clause and placeholders for every stored field; `#rt_`/`:rt_` prefixes keep clear of fence placeholders. */
function headUpdate(table: RouteTable, expectedVersion: number, fence: RouteTableFence | undefined, sourceVersion: number | undefined) {
  const fields = encodeRoutingItem(table);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  for (const [attr, value] of Object.entries(fields)) {
    names[`#rt_${attr}`] = attr;
    values[`:rt_${attr}`] = value;
    sets.push(`#rt_${attr} = :rt_${attr}`);
  }
  let condition: string;
  if (expectedVersion === 0) {
    condition = 'attribute_not_exists(pk)';
  } else {
    condition = '#rt_version = :rt_expected';
    values[':rt_expected'] = expectedVersion;
  }
  if (fence) {
    // `#fence_`/`:fence_` placeholders: never the `#rt_`/`:rt_` ones above.
    const term = fenceCondition(fence.term, { attribute: FENCE_ATTRIBUTE });
    Object.assign(names, term.expressionAttributeNames);
    Object.assign(values, term.expressionAttributeValues);
    condition = `${term.conditionExpression} AND (${condition})`;
    sets.push(term.setExpression);
  }
  if (sourceVersion !== undefined) {
    names['#rt_source'] = SOURCE_VERSION_ATTRIBUTE;
    values[':rt_source'] = sourceVersion;
    condition = `(attribute_not_exists(#rt_source) OR #rt_source <= :rt_source) AND (${condition})`;
    sets.push('#rt_source = :rt_source');
  }
  return { UpdateExpression: `SET ${sets.join(', ')}`, ConditionExpression: condition, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

function isCancelled(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'TransactionCanceledException';
}

export class DynamoRouteTableStore implements RouteTableStore {
  readonly where: string;
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly pk: string;
  private readonly transactions: boolean;
  private readonly onHistoryError: (err: unknown, version: number) => void;

  constructor(options: DynamoRouteTableStoreOptions) {
    this.documents = options.documents;
    this.tableName = options.tableName;
    this.pk = options.pk ?? ROUTING_PK;
    this.transactions = options.transactions ?? false;
    this.onHistoryError = options.onHistoryError ?? (() => undefined);
    this.where = `${this.tableName} ${this.pk}/${ROUTING_HEAD_SK}`;
  }

  async headVersion(): Promise<number | undefined> {
    return (await this.readHead(['version'])).version;
  }

  async load(): Promise<RouteTable | undefined> {
    const out = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(ROUTING_HEAD_SK), ConsistentRead: true }));
    return out.Item ? decodeRoutingItem(out.Item, this.where) : undefined;
  }

  async history(version: number): Promise<RouteTable | undefined> {
    if (!Number.isSafeInteger(version) || version < 1) throw new RouteTableInputError([`history version must be a positive integer (got ${String(version)})`]);
    const sk = historySortKey(version);
    const out = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(sk), ConsistentRead: true }));
    return out.Item ? decodeRoutingItem(out.Item, `${this.tableName} ${this.pk}/${sk}`) : undefined;
  }

  async publish(next: RouteTable, options: PublishOptions): Promise<RouteTable> {
    const table = checkPublishable(next, options);
    const update = { TableName: this.tableName, Key: this.key(ROUTING_HEAD_SK), ...headUpdate(table, options.expectedVersion, options.fence, options.sourceVersion) };
    try {
      if (this.transactions) {
        await this.documents.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, { Put: { ...this.historyPut(table), ConditionExpression: 'attribute_not_exists(pk)' } }] }));
      } else {
        const out = await this.documents.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_OLD' }));
        // The head is published at this point: a failed history write must not turn that into an
        // error (the caller would retry a publish that happened); the next publish repairs it.
        await this.putHistory(table).catch((e: unknown) => this.onHistoryError(e, table.version));
        await this.repairHistory(out.Attributes).catch((e: unknown) => this.onHistoryError(e, table.version - 1));
      }
      return table;
    } catch (err) {
      if (conditionFailure(err) === undefined && !isWriteConflict(err) && !isCancelled(err)) throw err;
      const refusal = await this.explainRefusal(err, table, options);
      if (refusal === 'already-published') return table;
      throw refusal;
    }
  }

  /**
   * True when the head holds exactly `table` (and, if fenced, exactly our token): our own write
   * landed but its answer was lost and the SDK's retry was refused by the condition the first
   * attempt had just satisfied.
   */
  private async isStored(table: RouteTable, options: PublishOptions): Promise<boolean> {
    const { fence } = options;
    const out = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: this.key(ROUTING_HEAD_SK), ConsistentRead: true }));
    if (!out.Item) return false;
    if (fence && out.Item[FENCE_ATTRIBUTE] !== fence.term) return false;
    if (options.sourceVersion !== undefined && out.Item[SOURCE_VERSION_ATTRIBUTE] !== options.sourceVersion) return false;
    const mine = encodeRoutingItem(table);
    return Object.keys(mine).every((k) => isDeepStrictEqual(out.Item![k], mine[k]));
  }

  /**
   * Why a conditional publish failed: the version moved (stale) or, with the version unchanged, the
   * fence or a newer source version; or it did not fail at all (`already-published`).
   */
  private async explainRefusal(err: unknown, table: RouteTable, options: PublishOptions): Promise<Error | 'already-published'> {
    const { fence } = options;
    const head = await this.readHead(fence ? ['version', SOURCE_VERSION_ATTRIBUTE, FENCE_ATTRIBUTE] : ['version', SOURCE_VERSION_ATTRIBUTE]);
    const actual = head.version ?? 0;
    if (actual === table.version && (await this.isStored(table, options))) return 'already-published';
    if (actual !== options.expectedVersion) return new StaleRouteTableVersionError(options.expectedVersion, actual);
    const storedFence = fence ? head.raw[FENCE_ATTRIBUTE] : undefined;
    if (fence && (typeof storedFence !== 'number' || storedFence > fence.term)) {
      return new RouteTableFencedError(typeof storedFence === 'number' ? storedFence : undefined, fence.term);
    }
    const storedSource = head.raw[SOURCE_VERSION_ATTRIBUTE];
    if (options.sourceVersion !== undefined && typeof storedSource === 'number' && storedSource > options.sourceVersion) return new OutdatedRouteTableSourceError(storedSource, options.sourceVersion);
    // A write conflict or cancelled transaction that changed nothing: the caller may simply retry.
    return err instanceof Error ? err : new Error(String(err));
  }

  private async readHead(attributes: readonly string[]): Promise<{ version: number | undefined; raw: Item }> {
    const names = Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));
    const out = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(ROUTING_HEAD_SK), ConsistentRead: true, ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names }),
    );
    if (!out.Item) return { version: undefined, raw: {} };
    const version: unknown = out.Item.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      throw new CorruptRouteTableError(this.where, [`version must be a positive integer (got ${JSON.stringify(version) ?? 'nothing'})`]);
    }
    return { version, raw: out.Item };
  }

  private key(sk: string): { pk: string; sk: string } {
    return { pk: this.pk, sk };
  }

  private historyPut(table: RouteTable): { TableName: string; Item: Item } {
    return { TableName: this.tableName, Item: { ...this.key(historySortKey(table.version)), ...encodeRoutingItem(table) } };
  }

  /** Puts a history entry unless it exists (entries are immutable: the first write is the record). */
  private async putHistory(table: RouteTable): Promise<void> {
    try {
      await this.documents.send(new PutCommand({ ...this.historyPut(table), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      if (conditionFailure(err) === undefined) throw err;
    }
  }

  /** Re-puts the previous head's history entry, in case its writer crashed before writing it. */
  private async repairHistory(previous: Item | undefined): Promise<void> {
    if (previous === undefined) return;
    let table: RouteTable;
    try {
      table = decodeRoutingItem(previous, this.where);
    } catch (err) {
      if (err instanceof CorruptRouteTableError) return; // nothing trustworthy to record
      throw err;
    }
    await this.putHistory(table);
  }
}
