/**
 * ControllerStateStore on DynamoDB. The whole controller state is ONE item (State table,
 * pk `controller`, sk `state`): traffic, version, fence term, pin, pending intent, last flip. So
 * every phase of a flip is a single-item conditional write, which DynamoDB supports everywhere,
 * including MRSC global tables (which do not support TransactWriteItems).
 *
 * Phase 3 writes the audit entry (Audit table, pk `audit`, sk `<ISO time>#<id>`) and completes the
 * intent. With `transactions: true` both go in one TransactWriteItems; without (the default, and
 * required on MRSC) the audit entry is put first — idempotently, keyed by flip id and the intent's
 * time — and then the state. A crash in between leaves the intent pending, so whoever rolls it
 * forward re-puts the same entry (a no-op) and completes: the audit trail is never missing a flip.
 */
import { TransactWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionFailure, fenceCondition, isWriteConflict } from '../coordination';
import type { Pin, TrafficSplit } from './rules/types';
import {
  auditSortKey,
  explainConflict,
  StateConflictError,
  type AuditEntry,
  type Completion,
  type CompletionResult,
  type ConflictCode,
  type ControllerState,
  type ControllerStateStore,
  type FlipIntent,
  type HistoryPage,
  type Writer,
} from './state-store';

export const STATE_KEY = { pk: 'controller', sk: 'state' } as const;
export const AUDIT_PK = 'audit';
/** The fence attribute the coordination library's leader helpers use. */
export const FENCE_ATTRIBUTE = 'fenceTerm';
/** Audit entries are kept ~13 months. */
const AUDIT_TTL_SECONDS = 400 * 86_400;

export interface DynamoControllerStateStoreOptions {
  readonly documents: DynamoDBDocumentClient;
  readonly stateTable: string;
  readonly auditTable: string;
  /** Complete + audit in one TransactWriteItems. Not on MRSC global tables. @default false */
  readonly transactions?: boolean;
}


type Item = Record<string, unknown>;

function decodeState(item: Item): ControllerState {
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  return {
    traffic: (item.traffic ?? {}) as TrafficSplit,
    version: num(item.version),
    fenceTerm: num(item[FENCE_ATTRIBUTE]),
    flipTimes: Array.isArray(item.flipTimes) ? item.flipTimes.filter((t): t is number => typeof t === 'number') : [],
    ...(item.pin ? { pin: item.pin as Pin } : {}),
    ...(item.intent ? { intent: item.intent as FlipIntent } : {}),
    ...(item.lastFlip ? { lastFlip: item.lastFlip as ControllerState['lastFlip'] } : {}),
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
    const item: Item = { ...STATE_KEY, traffic, version: 1, flipTimes: [], updatedAt: now, ...(writer.kind === 'leader' ? { [FENCE_ATTRIBUTE]: writer.term } : {}) };
    try {
      await this.documents.send(new PutCommand({ TableName: this.stateTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return decodeState(item);
    } catch (err) {
      if (!isLostRace(err)) throw err;
      return this.mustLoad('initialize');
    }
  }

  claim(term: number, now: number): Promise<ControllerState> {
    return this.update(
      'claim',
      fenced({ ConditionExpression: 'attribute_exists(pk)', UpdateExpression: 'SET #updatedAt = :now', ExpressionAttributeNames: { '#updatedAt': 'updatedAt' }, ExpressionAttributeValues: { ':now': now } }, { kind: 'leader', term }),
      { kind: 'leader', term },
    );
  }

  recordIntent(intent: FlipIntent, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState> {
    return this.update(
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
  }

  async completeIntent(intentId: string, completion: Completion, audit: AuditEntry, writer: Writer, now: number): Promise<CompletionResult> {
    const parts = fenced(
      {
        ConditionExpression: '#intent.#id = :id',
        UpdateExpression: 'SET #traffic = :traffic, #flipTimes = :flipTimes, #lastFlip = :lastFlip, #version = #version + :one, #updatedAt = :now REMOVE #intent',
        ExpressionAttributeNames: { '#intent': 'intent', '#id': 'id', '#traffic': 'traffic', '#flipTimes': 'flipTimes', '#lastFlip': 'lastFlip', '#version': 'version', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: { ':id': intentId, ':traffic': completion.traffic, ':flipTimes': completion.flipTimes, ':lastFlip': completion.lastFlip, ':one': 1, ':now': now },
      },
      writer,
    );
    try {
      if (this.transactions) {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: { TableName: this.stateTable, Key: STATE_KEY, ...parts } }, { Put: { ...this.auditPut(audit), ConditionExpression: 'attribute_not_exists(pk)' } }],
          }),
        );
      } else {
        // Only an intent that is (or was) pending gets an audit entry: check before writing one.
        const before = await this.load();
        if (before?.intent?.id !== intentId) {
          if (before?.lastFlip?.id === intentId) return { state: before, alreadyCompleted: true };
          throw this.conflict('completeIntent', before, writer, 'intent-gone');
        }
        await this.putAudit(audit);
        await this.documents.send(new UpdateCommand({ TableName: this.stateTable, Key: STATE_KEY, ...parts }));
      }
      return { state: await this.mustLoad('completeIntent'), alreadyCompleted: false };
    } catch (err) {
      if (!isLostRace(err)) throw err;
      const current = await this.load();
      // Someone (a restarted controller, the new leader) completed this very intent: done, idempotently.
      if (current?.lastFlip?.id === intentId && current.intent?.id !== intentId) return { state: current, alreadyCompleted: true };
      throw this.conflict('completeIntent', current, writer, 'intent-gone');
    }
  }

  setPin(pin: Pin | undefined, expectedVersion: number, writer: Writer, now: number): Promise<ControllerState> {
    const set = pin ? 'SET #pin = :pin, ' : 'SET ';
    return this.update(
      'setPin',
      fenced(
        {
          ConditionExpression: '#version = :expected AND attribute_not_exists(#intent)',
          UpdateExpression: `${set}#version = #version + :one, #updatedAt = :now${pin ? '' : ' REMOVE #pin'}`,
          ExpressionAttributeNames: { '#pin': 'pin', '#intent': 'intent', '#version': 'version', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ...(pin ? { ':pin': pin } : {}), ':expected': expectedVersion, ':one': 1, ':now': now },
        },
        writer,
      ),
      writer,
    );
  }

  async putAudit(entry: AuditEntry): Promise<void> {
    try {
      await this.documents.send(new PutCommand({ ...this.auditPut(entry), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      // Already written (a retry or a roll-forward): the first write wins, which is the record we want.
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
      throw this.conflict(operation, current, writer, current?.intent ? 'intent-pending' : 'version');
    }
  }

  private conflict(operation: string, current: ControllerState | undefined, writer: Writer, fallback: ConflictCode): StateConflictError {
    return explainConflict(operation, current, writer, fallback);
  }

  private async mustLoad(operation: string): Promise<ControllerState> {
    const state = await this.load();
    if (state === undefined) throw new StateConflictError('missing', `${operation}: the controller state item vanished`, undefined);
    return state;
  }
}
