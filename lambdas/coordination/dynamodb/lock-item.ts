/**
 * Lock records as DynamoDB items. Marshalled by hand: the record has a fixed shape of strings,
 * numbers and booleans, and reading `ConditionalCheckFailedException.Item` (raw attribute values)
 * needs the same decoder anyway.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { LockRecord } from '../rules/record';

/** Attribute names of a lock item; `pk` and `expiresAt` are fixed by the Coordination table definition. */
export const LOCK_ATTRIBUTES = {
  pk: 'pk',
  owner: 'owner',
  recordVersion: 'recordVersion',
  token: 'token',
  sequence: 'sequence',
  leaseMs: 'leaseMs',
  released: 'released',
  payload: 'payload',
  expiresAt: 'expiresAt',
  updatedAtMs: 'updatedAtMs',
} as const;

export class MalformedLockItemError extends Error {
  constructor(key: string, problem: string) {
    super(`lock item ${JSON.stringify(key)} in the Coordination table is malformed (${problem}); it was not written by this library: delete it or pick another name`);
    this.name = 'MalformedLockItemError';
  }
}

export const str = (value: string): AttributeValue => ({ S: value });
export const num = (value: number): AttributeValue => ({ N: String(value) });
export const bool = (value: boolean): AttributeValue => ({ BOOL: value });

/**
 * The attributes a write sets (every field but the key and the sequence, which a grant increments
 * in place and renew/release leave alone); `payload` absent means remove it.
 */
export function settableAttributes(record: Omit<LockRecord, 'key' | 'sequence'>): Record<string, AttributeValue> {
  const a = LOCK_ATTRIBUTES;
  return {
    [a.owner]: str(record.owner),
    [a.recordVersion]: str(record.recordVersion),
    [a.token]: num(record.token),
    [a.leaseMs]: num(record.leaseMs),
    [a.released]: bool(record.released),
    ...(record.payload !== undefined ? { [a.payload]: str(record.payload) } : {}),
    [a.expiresAt]: num(record.expiresAt),
    [a.updatedAtMs]: num(record.updatedAtMs),
  };
}

/** Decodes an item; undefined for no item. */
export function recordFromItem(item: Record<string, AttributeValue> | undefined): LockRecord | undefined {
  if (item === undefined || Object.keys(item).length === 0) return undefined;
  const a = LOCK_ATTRIBUTES;
  const key = item[a.pk]?.S ?? '(no pk)';
  const text = (name: string): string => {
    const v = item[name]?.S;
    if (v === undefined) throw new MalformedLockItemError(key, `${name} is not a string`);
    return v;
  };
  const number = (name: string): number => {
    const v = item[name]?.N;
    const n = v === undefined ? Number.NaN : Number(v);
    if (!Number.isFinite(n)) throw new MalformedLockItemError(key, `${name} is not a number`);
    return n;
  };
  const sequence = item[a.sequence] === undefined ? 0 : number(a.sequence); // items from before the sequence existed
  const released = item[a.released]?.BOOL;
  if (released === undefined) throw new MalformedLockItemError(key, `${a.released} is not a boolean`);
  const payload = item[a.payload]?.S;
  return {
    key: text(a.pk),
    owner: text(a.owner),
    recordVersion: text(a.recordVersion),
    token: number(a.token),
    sequence,
    leaseMs: number(a.leaseMs),
    released,
    ...(payload !== undefined ? { payload } : {}),
    expiresAt: number(a.expiresAt),
    updatedAtMs: number(a.updatedAtMs),
  };
}

/**
 * Expression attribute maps holding only the placeholders the expressions use: DynamoDB rejects a
 * request that defines a name or value it does not use.
 */
export function usedPlaceholders(
  expressions: readonly string[],
  names: Readonly<Record<string, string>>,
  values: Readonly<Record<string, AttributeValue>>,
): { ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
  const text = expressions.join(' ');
  const used = new Set(text.match(/[#:][A-Za-z0-9_]+/g) ?? []);
  const pick = <T>(map: Readonly<Record<string, T>>): Record<string, T> => Object.fromEntries(Object.entries(map).filter(([k]) => used.has(k)));
  const pickedValues = pick(values);
  return {
    ExpressionAttributeNames: pick(names),
    ...(Object.keys(pickedValues).length > 0 ? { ExpressionAttributeValues: pickedValues } : {}),
  };
}
