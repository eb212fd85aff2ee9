/**
 * The lock store on the Coordination table. Every write is one conditional PutItem of the whole
 * record (the cheapest write; the record a write stores is fully known to its writer), whose
 * condition implements the precondition of the same-named pure function in
 * `core/coordination/record.ts` and whose item is that function's result (`recordOf`).
 * ReturnValuesOnConditionCheckFailure ALL_OLD hands back the current holder on a refusal, so a
 * refusal costs no extra read.
 */
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CoordinationUnavailableError } from '../rules/errors';
import { recordOf, type Grant, type GrantUpdate, type LockRecord } from '../rules/record';
import type { LockStore, WriteOutcome } from '../lock-store';
import { conditionFailure, isTransient, isWriteConflict } from './lock-errors';
import { LOCK_ATTRIBUTES, itemOf, recordFromItem, str, num, bool, usedPlaceholders } from './lock-item';

export interface DynamoLockStoreOptions {
  /** The low-level client from `createAwsClients`. */
  readonly dynamodb: DynamoDBClient;
  /** Physical name of the Coordination table (`tableNames(service).coordination`). */
  readonly tableName: string;
}

const NAMES: Readonly<Record<string, string>> = {
  '#pk': LOCK_ATTRIBUTES.pk,
  '#owner': LOCK_ATTRIBUTES.owner,
  '#rv': LOCK_ATTRIBUTES.recordVersion,
  '#token': LOCK_ATTRIBUTES.token,
  '#released': LOCK_ATTRIBUTES.released,
};

/** Renew and release name one live grant: owner + token, not released. */
const LIVE_GRANT = '#owner = :owner AND #token = :token AND #released = :false';

export class DynamoLockStore implements LockStore {
  private readonly dynamodb: DynamoDBClient;
  private readonly tableName: string;

  constructor(options: DynamoLockStoreOptions) {
    this.dynamodb = options.dynamodb;
    this.tableName = options.tableName;
  }

  async read(key: string): Promise<LockRecord | undefined> {
    try {
      const out = await this.dynamodb.send(new GetItemCommand({ TableName: this.tableName, Key: { [LOCK_ATTRIBUTES.pk]: str(key) }, ConsistentRead: true }));
      return recordFromItem(out.Item);
    } catch (err) {
      if (isTransient(err) || isWriteConflict(err)) throw new CoordinationUnavailableError(`read of ${key}`, { cause: err });
      throw err;
    }
  }

  /** `attribute_not_exists(pk) OR (released = true AND token < mine)`. */
  acquireFree(key: string, grant: Grant): Promise<WriteOutcome> {
    return this.put('acquire', recordOf(key, grant, false), 'attribute_not_exists(#pk) OR (#released = :true AND #token < :token)', {
      ':true': bool(true),
      ':token': num(grant.token),
    });
  }

  /** `recordVersion = seen (unchanged for a full lease on the waiter's clock) AND token < mine`. */
  takeOver(key: string, seenVersion: string, grant: Grant): Promise<WriteOutcome> {
    return this.put('take-over', recordOf(key, grant, false), '#rv = :seen AND #token < :token', { ':seen': str(seenVersion), ':token': num(grant.token) });
  }

  renew(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.put('renew', recordOf(key, update, false), LIVE_GRANT, liveGrantValues(update));
  }

  /** Stores released = true and keeps the token, so the counter survives for the next grant. */
  release(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.put('release', recordOf(key, update, true), LIVE_GRANT, liveGrantValues(update));
  }

  private async put(operation: string, record: LockRecord, condition: string, values: Record<string, AttributeValue>): Promise<WriteOutcome> {
    try {
      await this.dynamodb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: itemOf(record),
          ConditionExpression: condition,
          ...usedPlaceholders([condition], NAMES, values),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'ok', record };
    } catch (err) {
      const refused = conditionFailure(err);
      if (refused) return { kind: 'rejected', current: recordFromItem(refused.item) };
      if (isWriteConflict(err)) return { kind: 'conflict', cause: err };
      if (isTransient(err)) throw new CoordinationUnavailableError(`${operation} of ${record.key}`, { cause: err });
      throw err;
    }
  }
}

function liveGrantValues(update: GrantUpdate): Record<string, AttributeValue> {
  return { ':owner': str(update.owner), ':token': num(update.token), ':false': bool(false) };
}
