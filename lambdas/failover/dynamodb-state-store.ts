/**
 * ControllerStateStore on DynamoDB. The whole controller state is ONE item (State table,
 * pk `controller`, sk `state`): traffic, version, fence term, pin, pending intent, last flip, last
 * committed intent, and one `outbox#<intent id>` attribute per committed intent whose audit entry
 * or notification is still owed. So every phase of a flip — and its commit together with what it
 * owes — is a single-item conditional write, which DynamoDB supports everywhere, including MRSC
 * global tables (which do not support TransactWriteItems).
 *
 * The audit entry (Audit table, pk `audit`, sk `<ISO time>#<id>`) is written from the outbox
 * entry right after the commit, by the committing writer (or the next leader tick), once per id.
 * With `transactions: true` it is also written in the commit's TransactWriteItems. Nobody writes
 * an audit entry before its commit, so a writer whose commit fails (a deposed leader) never leaves
 * its version of the record behind.
 */
import { TransactWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionFailure, fenceCondition, isWriteConflict } from '../coordination';
import type { Pin, TrafficSplit } from './rules/types';
import {
  auditSortKey,
  explainConflict,
  recognizeCompletion,
  StateConflictError,
  type ApplyFailure,
  type AuditEntry,
  type Completion,
  type CompletionResult,
  type ControllerState,
  type ControllerStateStore,
  type FlipIntent,
  type HistoryPage,
  type OutboxEntry,
  type Writer,
} from './state-store';

export const STATE_KEY = { pk: 'controller', sk: 'state' } as const;
export const AUDIT_PK = 'audit';
/** The fence attribute the coordination library's leader helpers use. */
export const FENCE_ATTRIBUTE = 'fenceTerm';
/** The number of the fence term, for people (`term #7`); written by the claim next to the fence. */
export const FENCE_NUMBER_ATTRIBUTE = 'fenceTermNumber';
/** Outbox entries are top-level attributes `outbox#<intent id>` (no parent map to create first). */
export const OUTBOX_PREFIX = 'outbox#';
/** Audit entries are kept ~13 months. */
const AUDIT_TTL_SECONDS = 400 * 86_400;

export interface DynamoControllerStateStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly stateTable: string;
  readonly auditTable: string;
  /** Commit + audit in one TransactWriteItems. Not on MRSC global tables. @default false */
  readonly transactions?: boolean;
}

type Item = Record<string, unknown>;

function decodeState(item: Item): ControllerState {
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const outbox = Object.fromEntries(
    Object.entries(item)
      .filter(([k]) => k.startsWith(OUTBOX_PREFIX))
      .map(([k, v]) => [k.slice(OUTBOX_PREFIX.length), v as OutboxEntry]),
  );
  return {
    traffic: (item.traffic ?? {}) as TrafficSplit,
    version: num(item.version),
    fenceTerm: num(item[FENCE_ATTRIBUTE]),
    ...(typeof item[FENCE_NUMBER_ATTRIBUTE] === 'number' ? { fenceTermNumber: item[FENCE_NUMBER_ATTRIBUTE] } : {}),
    flipTimes: Array.isArray(item.flipTimes) ? item.flipTimes.filter((t): t is number => typeof t === 'number') : [],
    ...(item.pin ? { pin: item.pin as Pin } : {}),
    ...(item.intent ? { intent: item.intent as FlipIntent } : {}),
    ...(item.lastFlip ? { lastFlip: item.lastFlip as ControllerState['lastFlip'] } : {}),
    ...(item.lastIntent ? { lastIntent: item.lastIntent as ControllerState['lastIntent'] } : {}),
    outbox,
    updatedAt: num(item.updatedAt),
  };
}

interface UpdateParts {
  ConditionExpression: string;
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** Adds the leader's fence (stored term ≤ mine, then store mine) to an update; operators are not fenced. */
function fenced(parts: UpdateParts, writer: Writer): UpdateParts {
  if (writer.kind !== 'leader') return parts;
  const fence = fenceCondition(writer.term, { attribute: FENCE_ATTRIBUTE });
  return {
    ConditionExpression: `${fence.conditionExpression} AND (${parts.ConditionExpression})`,
    UpdateExpression: parts.UpdateExpression.replace(/^SET /, `SET ${fence.setExpression}, `),
    ExpressionAttributeNames: { ...parts.ExpressionAttributeNames, ...fence.expressionAttributeNames },
    ExpressionAttributeValues: { ...parts.ExpressionAttributeValues, ...fence.expressionAttributeValues },
  };
}

function isLostRace(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  return conditionFailure(err) !== undefined || isWriteConflict(err) || name === 'TransactionCanceledException';
}

/** The commit's update: remove the intent, store the outcome, the outbox entry and (for a flip or pin) the change. */
function commitParts(intentId: string, c: Completion, entry: OutboxEntry, now: number): UpdateParts {
  const names: Record<string, string> = { '#intent': 'intent', '#id': 'id', '#version': 'version', '#updatedAt': 'updatedAt', '#lastIntent': 'lastIntent', '#outbox': `${OUTBOX_PREFIX}${intentId}` };
  const values: Record<string, unknown> = {
    ':id': intentId,
    ':one': 1,
    ':now': now,
    ':lastIntent': { id: intentId, outcome: c.outcome, claimant: c.claimant, at: now, ...(c.detail ? { detail: c.detail } : {}) },
    ':outbox': entry,
  };
  const sets = ['#lastIntent = :lastIntent', '#outbox = :outbox', '#version = #version + :one', '#updatedAt = :now'];
  const removes = ['#intent'];
  if (c.flip) {
    Object.assign(names, { '#traffic': 'traffic', '#flipTimes': 'flipTimes', '#lastFlip': 'lastFlip' });
    Object.assign(values, { ':traffic': c.flip.traffic, ':flipTimes': c.flip.flipTimes, ':lastFlip': c.flip.lastFlip });
    sets.push('#traffic = :traffic', '#flipTimes = :flipTimes', '#lastFlip = :lastFlip');
  }
  if (c.pin !== undefined) {
    names['#pin'] = 'pin';
    if (c.pin === null) removes.push('#pin');
    else {
      values[':pin'] = c.pin;
      sets.push('#pin = :pin');
    }
  }
  return { ConditionExpression: '#intent.#id = :id', UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

export class DynamoControllerStateStore implements ControllerStateStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly stateTable: string;
  private readonly auditTable: string;
  private readonly transactions: boolean;

  constructor(options: DynamoControllerStateStoreOptions) {
    this.documents = options.documents;
    this.stateTable = options.stateTable;
    this.auditTable = options.auditTable;
    this.transactions = options.transactions ?? false;
  }

  async load(): Promise<ControllerState | undefined> {
    const out = await this.documents.send(new GetCommand({ TableName: this.stateTable, Key: STATE_KEY, ConsistentRead: true }));
    return out.Item ? decodeState(out.Item) : undefined;
  }

  async initialize(traffic: TrafficSplit, writer: Writer, now: number): Promise<ControllerState> {
    const item: Item = {
      ...STATE_KEY,
      traffic,
      version: 1,
      flipTimes: [],
      updatedAt: now,
      ...(writer.kind === 'leader' ? { [FENCE_ATTRIBUTE]: writer.term, ...(writer.termNumber !== undefined ? { [FENCE_NUMBER_ATTRIBUTE]: writer.termNumber } : {}) } : {}),
    };
    try {
      await this.documents.send(new PutCommand({ TableName: this.stateTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return decodeState(item);
    } catch (err) {
      if (!isLostRace(err)) throw err;
      return this.mustLoad('initialize');
    }
  }

  claim(term: number, now: number, termNumber?: number): Promise<ControllerState> {
    const numbered = termNumber !== undefined;
    return this.update(
      'claim',
      fenced(
        {
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: numbered ? 'SET #updatedAt = :now, #termNumber = :termNumber' : 'SET #updatedAt = :now',
          ExpressionAttributeNames: { '#updatedAt': 'updatedAt', ...(numbered ? { '#termNumber': FENCE_NUMBER_ATTRIBUTE } : {}) },
          ExpressionAttributeValues: { ':now': now, ...(numbered ? { ':termNumber': termNumber } : {}) },
        },
        { kind: 'leader', term },
      ),
      { kind: 'leader', term },
    );
  }

  async recordIntent(intent: FlipIntent, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState> {
    try {
      return await this.update(
        'recordIntent',
        fenced(
          {
            ConditionExpression: '#version = :expected AND attribute_not_exists(#intent)',
            UpdateExpression: 'SET #intent = :intent, #version = #version + :one, #updatedAt = :now',
            ExpressionAttributeNames: { '#intent': 'intent', '#version': 'version', '#updatedAt': 'updatedAt' },
            ExpressionAttributeValues: { ':intent': intent, ':expected': expectedVersion, ':one': 1, ':now': now },
          },
          writer,
        ),
        writer,
      );
    } catch (err) {
      // The request was re-sent after its answer was lost: the pending intent is our own.
      if (err instanceof StateConflictError && err.current?.intent?.id === intent.id) return err.current;
      throw err;
    }
  }

  async noteApplyFailure(intentId: string, failure: ApplyFailure, now: number): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.stateTable,
          Key: STATE_KEY,
          ConditionExpression: '#intent.#id = :id',
          UpdateExpression: 'SET #intent.#lastError = :failure, #updatedAt = :now',
          ExpressionAttributeNames: { '#intent': 'intent', '#id': 'id', '#lastError': 'lastError', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':id': intentId, ':failure': failure, ':now': now },
        }),
      );
    } catch (err) {
      // The intent was committed meanwhile: nothing left to annotate.
      if (!isLostRace(err)) throw err;
    }
  }

  async completeIntent(intentId: string, completion: Completion, writer: Writer, now: number): Promise<CompletionResult> {
    const entry: OutboxEntry = { audit: completion.audit, notify: completion.notify, audited: this.transactions, claimant: completion.claimant, claimedAt: now };
    const update = { TableName: this.stateTable, Key: STATE_KEY, ...fenced(commitParts(intentId, completion, entry, now), writer) };
    try {
      if (this.transactions) {
        // The committed entry is the record: it replaces anything written under its key before.
        await this.documents.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, { Put: this.auditPut(completion.audit) }] }));
        return { state: await this.mustLoad('completeIntent'), alreadyCompleted: false };
      }
      const out = await this.documents.send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
      return { state: decodeState(out.Attributes ?? {}), alreadyCompleted: false };
    } catch (err) {
      if (!isLostRace(err)) throw err;
      return recognizeCompletion('completeIntent', intentId, completion.claimant, await this.load(), writer);
    }
  }

  async claimOutbox(id: string, seenClaimant: string, claimant: string, now: number): Promise<OutboxEntry | undefined> {
    try {
      const out = await this.documents.send(
        new UpdateCommand({
          TableName: this.stateTable,
          Key: STATE_KEY,
          ConditionExpression: '#outbox.#claimant = :seen',
          UpdateExpression: 'SET #outbox.#claimant = :claimant, #outbox.#claimedAt = :now',
          ExpressionAttributeNames: { '#outbox': `${OUTBOX_PREFIX}${id}`, '#claimant': 'claimant', '#claimedAt': 'claimedAt' },
          ExpressionAttributeValues: { ':seen': seenClaimant, ':claimant': claimant, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return decodeState(out.Attributes ?? {}).outbox[id];
    } catch (err) {
      if (!isLostRace(err)) throw err;
      // Our own claim whose answer was lost, or someone else's claim or clear.
      const mine = (await this.load())?.outbox[id];
      return mine?.claimant === claimant ? mine : undefined;
    }
  }

  async clearOutbox(id: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.stateTable,
          Key: STATE_KEY,
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'REMOVE #outbox',
          ExpressionAttributeNames: { '#outbox': `${OUTBOX_PREFIX}${id}` },
        }),
      );
    } catch (err) {
      if (!isLostRace(err)) throw err;
    }
  }

  async putAudit(entry: AuditEntry): Promise<void> {
    try {
      await this.documents.send(new PutCommand({ ...this.auditPut(entry), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      // Already written (a retry, or another writer delivering the same outbox entry): the same record.
      if (conditionFailure(err) === undefined) throw err;
    }
  }

  async history(options: { readonly limit?: number; readonly before?: string } = {}): Promise<HistoryPage> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const out = await this.documents.send(
      new QueryCommand({
        TableName: this.auditTable,
        KeyConditionExpression: options.before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
        ExpressionAttributeValues: { ':pk': AUDIT_PK, ...(options.before ? { ':before': options.before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const entries = items.map((i) => i.entry as AuditEntry);
    const last = items[items.length - 1];
    return { entries, ...(out.LastEvaluatedKey && last ? { next: String(last.sk) } : {}) };
  }

  private auditPut(entry: AuditEntry): { TableName: string; Item: Item } {
    return { TableName: this.auditTable, Item: { pk: AUDIT_PK, sk: auditSortKey(entry), entry, expiresAt: Math.floor(entry.at / 1000) + AUDIT_TTL_SECONDS } };
  }

  private async update(operation: string, parts: UpdateParts, writer: Writer): Promise<ControllerState> {
    try {
      const out = await this.documents.send(new UpdateCommand({ TableName: this.stateTable, Key: STATE_KEY, ...parts, ReturnValues: 'ALL_NEW' }));
      return decodeState(out.Attributes ?? {});
    } catch (err) {
      if (!isLostRace(err)) throw err;
      const current = await this.load();
      throw explainConflict(operation, current, writer, current?.intent ? 'intent-pending' : 'version');
    }
  }

  private async mustLoad(operation: string): Promise<ControllerState> {
    const state = await this.load();
    if (state === undefined) throw new StateConflictError('missing', `${operation}: the controller state item vanished`, undefined);
    return state;
  }
}
