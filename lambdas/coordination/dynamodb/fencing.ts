/**
 * Fenced writes: make any DynamoDB write to another item conditional on "the token stored on that
 * item ≤ my token", and store my token there. Once a newer holder (larger token or term) has written
 * an item, a zombie's late write to it is rejected by storage, whatever the zombie believes.
 *
 * Works for Put (stores the token in `Item`), Update (adds a SET), Delete and ConditionCheck
 * (condition only), alone or inside TransactWriteItems. Values are plain numbers for the
 * DocumentClient (`format: 'document'`, the default) or `{ N }` for the low-level client.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Attribute lock holders store on fenced items. */
export const DEFAULT_FENCE_ATTRIBUTE = 'fenceToken';
/** Attribute the elected leader stores on fenced items (its term). */
export const DEFAULT_TERM_ATTRIBUTE = 'fenceTerm';

export type ValueFormat = 'document' | 'attribute-value';

export interface FenceOptions {
  /** Item attribute holding the fence. @default 'fenceToken' */
  readonly attribute?: string;
  /** @default 'document' */
  readonly format?: ValueFormat;
}

/** The pieces, for writers who build their own expressions. */
export interface FenceCondition {
  /** `(attribute_not_exists(#f) OR #f <= :f)`: AND it into a ConditionExpression. */
  readonly conditionExpression: string;
  /** `#f = :f`: add it to the SET clause of an UpdateExpression. */
  readonly setExpression: string;
  readonly expressionAttributeNames: Record<string, string>;
  /** Plain number (DocumentClient) or `{ N }` (low-level client), per `format`. */
  readonly expressionAttributeValues: Record<string, number | AttributeValue>;
  readonly attribute: string;
  readonly token: number;
}

export class FenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FenceError';
  }
}

function placeholderSuffix(attribute: string): string {
  return attribute.replace(/[^A-Za-z0-9_]/g, '_');
}

export function fenceCondition(token: number, options: FenceOptions = {}): FenceCondition {
  const attribute = options.attribute ?? DEFAULT_FENCE_ATTRIBUTE;
  if (!Number.isSafeInteger(token) || token < 0) throw new FenceError(`fence token must be a non-negative safe integer, got ${String(token)}`);
  if (attribute.length === 0) throw new FenceError('fence attribute name must not be empty');
  const name = `#fence_${placeholderSuffix(attribute)}`;
  const value = `:fence_${placeholderSuffix(attribute)}`;
  return {
    conditionExpression: `(attribute_not_exists(${name}) OR ${name} <= ${value})`,
    setExpression: `${name} = ${value}`,
    expressionAttributeNames: { [name]: attribute },
    expressionAttributeValues: { [value]: options.format === 'attribute-value' ? { N: String(token) } : token },
    attribute,
    token,
  };
}

/** The fields of Put/Update/Delete/ConditionCheck inputs a fence touches (both client flavours). */
export interface FencibleInput {
  ConditionExpression?: string | undefined;
  UpdateExpression?: string | undefined;
  Item?: Record<string, unknown> | undefined;
  ExpressionAttributeNames?: Record<string, string> | undefined;
  ExpressionAttributeValues?: Record<string, unknown> | undefined;
}

/** Inserts `assignment` into the SET clause of an update expression, or adds a SET clause. */
function addSet(updateExpression: string, assignment: string): string {
  // Keywords are reserved words, so "SET" preceded by start or whitespace is the clause keyword
  // (placeholders such as #set or :set are preceded by # or :).
  const match = /(^|\s)SET\s+/i.exec(updateExpression);
  if (!match) return `${updateExpression} SET ${assignment}`;
  const at = match.index + match[0].length;
  return `${updateExpression.slice(0, at)}${assignment}, ${updateExpression.slice(at)}`;
}

/**
 * Returns a copy of `input` that only succeeds while the item's fence is at most `token`, and that
 * stores `token` as the new fence (Put and Update). Throws FenceError if a placeholder it needs is
 * already used for something else.
 */
export function withFence<T extends FencibleInput>(input: T, token: number, options: FenceOptions = {}): T {
  const fence = fenceCondition(token, options);
  const names = { ...(input.ExpressionAttributeNames ?? {}) };
  const values = { ...(input.ExpressionAttributeValues ?? {}) };
  for (const [placeholder, attribute] of Object.entries(fence.expressionAttributeNames)) {
    if (names[placeholder] !== undefined && names[placeholder] !== attribute) {
      throw new FenceError(`placeholder ${placeholder} already names ${JSON.stringify(names[placeholder])}; rename it in your expression`);
    }
    names[placeholder] = attribute;
  }
  for (const [placeholder, value] of Object.entries(fence.expressionAttributeValues)) {
    if (placeholder in values) throw new FenceError(`placeholder ${placeholder} is already defined; rename it in your expression`);
    values[placeholder] = value;
  }
  const out: T = { ...input };
  // Written through the wide type: T's own maps may be narrower (e.g. AttributeValue only).
  const wide: FencibleInput = out;
  wide.ConditionExpression = input.ConditionExpression ? `${fence.conditionExpression} AND (${input.ConditionExpression})` : fence.conditionExpression;
  wide.ExpressionAttributeNames = names;
  wide.ExpressionAttributeValues = values;
  if (input.UpdateExpression !== undefined) {
    wide.UpdateExpression = addSet(input.UpdateExpression, fence.setExpression);
  } else if (input.Item !== undefined) {
    wide.Item = { ...input.Item, [fence.attribute]: options.format === 'attribute-value' ? { N: String(token) } : token };
  }
  return out;
}
