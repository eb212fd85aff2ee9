/**
 * The lock store on the Coordination table. Every write is one conditional UpdateItem that sets
 * every field of the record (the record a write stores is fully known to its writer, but for the
 * sequence, which a grant increments in place with `ADD`: exact, and no read needed), whose
 * condition implements the precondition of the same-named pure function in
 * `lambdas/coordination/rules/record.ts` and whose result is that function's result (`recordOf`).
 * ReturnValuesOnConditionCheckFailure ALL_OLD hands back the current holder on a refusal, so a
 * refusal costs no extra read; ReturnValues ALL_NEW hands back the record as stored.
 */
import { GetItemCommand, UpdateItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CoordinationUnavailableError } from '../rules/errors';
import type { Grant, GrantUpdate, LockRecord } from '../rules/record';
import type { LockStore, WriteOutcome } from '../lock-store';
import { conditionFailure, isTransient, isWriteConflict } from './lock-errors';
import { LOCK_ATTRIBUTES, MalformedLockItemError, recordFromItem, settableAttributes, str, num, bool, usedPlaceholders } from './lock-item';

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
  '#seq': LOCK_ATTRIBUTES.sequence,
};

/** A grant counts itself; renew and release keep the count. */
type SequenceChange = 'increment' | 'keep';

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

  /** `attribute_not_exists(pk) OR (released = true AND token < mine)`; the sequence goes up by one. */
  acquireFree(key: string, grant: Grant): Promise<WriteOutcome> {
    return this.write('acquire', key, { ...grant, released: false }, 'increment', 'attribute_not_exists(#pk) OR (#released = :true AND #token < :token)', {
      ':true': bool(true),
      ':token': num(grant.token),
    });
  }

  /** `recordVersion = seen (unchanged for a full lease on the waiter's clock) AND token < mine`; the sequence goes up by one. */
  takeOver(key: string, seenVersion: string, grant: Grant): Promise<WriteOutcome> {
    return this.write('take-over', key, { ...grant, released: false }, 'increment', '#rv = :seen AND #token < :token', { ':seen': str(seenVersion), ':token': num(grant.token) });
  }

  renew(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    return this.write('renew', key, { ...update, released: false }, 'keep', LIVE_GRANT, liveGrantValues(update));
  }

  /** Stores released = true and keeps the token and sequence, so the counters survive for the next grant. */
  release(key: string, update: GrantUpdate): Promise<WriteOutcome> {
    const { payload: _dropped, ...rest } = update;
    return this.write('release', key, { ...rest, released: true }, 'keep', LIVE_GRANT, liveGrantValues(update));
  }

  private async write(
    operation: string,
    key: string,
    fields: (Grant | GrantUpdate) & { readonly released: boolean },
    sequence: SequenceChange,
    condition: string,
    conditionValues: Record<string, AttributeValue>,
  ): Promise<WriteOutcome> {
    const update = updateExpression(fields, sequence);
    try {
      const out = await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [LOCK_ATTRIBUTES.pk]: str(key) },
          UpdateExpression: update.expression,
          ConditionExpression: condition,
          ...usedPlaceholders([condition, update.expression], { ...NAMES, ...update.names }, { ...conditionValues, ...update.values }),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const record = recordFromItem(out.Attributes);
      if (record === undefined) throw new MalformedLockItemError(key, 'the write returned no attributes');
      return { kind: 'ok', record };
    } catch (err) {
      const refused = conditionFailure(err);
      if (refused) return { kind: 'rejected', current: recordFromItem(refused.item) };
      if (isWriteConflict(err)) return { kind: 'conflict', cause: err };
      if (isTransient(err)) throw new CoordinationUnavailableError(`${operation} of ${key}`, { cause: err });
      throw err;
    }
  }
}

/** `SET` every field (`REMOVE` an absent payload), and for a grant `ADD 1` to the sequence (absent counts as 0). */
function updateExpression(
  fields: Omit<LockRecord, 'key' | 'sequence' | 'updatedAtMs'> & { readonly wallMs: number },
  sequence: SequenceChange,
): { expression: string; names: Record<string, string>; values: Record<string, AttributeValue> } {
  const attributes = settableAttributes({ ...fields, updatedAtMs: fields.wallMs });
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const sets = Object.entries(attributes).map(([attribute, value]) => {
    names[`#set_${attribute}`] = attribute;
    values[`:set_${attribute}`] = value;
    return `#set_${attribute} = :set_${attribute}`;
  });
  let expression = `SET ${sets.join(', ')}`;
  if (sequence === 'increment') {
    values[':one'] = num(1);
    expression += ' ADD #seq :one';
  }
  if (fields.payload === undefined) {
    names['#set_payload'] = LOCK_ATTRIBUTES.payload;
    expression += ' REMOVE #set_payload';
  }
  return { expression, names, values };
}

function liveGrantValues(update: GrantUpdate): Record<string, AttributeValue> {
  return { ':owner': str(update.owner), ':token': num(update.token), ':false': bool(false) };
}
