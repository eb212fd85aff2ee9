/**
 * Sorts DynamoDB errors for the lock store: a failed condition (expected, carries the item), a
 * write conflict (nothing written, retry), transient trouble (retry while the lease allows), or a
 * real fault (missing table, no permission: surfaced as is).
 */
import { ConditionalCheckFailedException, ReplicatedWriteConflictException, TransactionConflictException, type AttributeValue } from '@aws-sdk/client-dynamodb';

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly Item?: Record<string, AttributeValue>;
}

function shape(err: unknown): SdkErrorShape {
  return typeof err === 'object' && err !== null ? err : {};
}

/** `ConditionalCheckFailedException`; with ReturnValuesOnConditionCheckFailure its `Item` is the item at that moment. */
export function conditionFailure(err: unknown): { item: Record<string, AttributeValue> | undefined } | undefined {
  if (err instanceof ConditionalCheckFailedException || shape(err).name === 'ConditionalCheckFailedException') {
    return { item: shape(err).Item };
  }
  return undefined;
}

/**
 * Another writer won a race the service resolved by rejecting us, so nothing was written:
 * `ReplicatedWriteConflictException` (an MRSC global table: a concurrent write to the same item in
 * another region) or `TransactionConflictException` (a transaction held the item). Matched by class
 * and by `name`, in case the error was built by another copy of the SDK.
 */
export function isWriteConflict(err: unknown): boolean {
  const name = shape(err).name;
  return err instanceof ReplicatedWriteConflictException || err instanceof TransactionConflictException || name === 'ReplicatedWriteConflictException' || name === 'TransactionConflictException';
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);

/** Worth retrying later: throttling, 5xx, timeouts, dropped connections. */
export function isTransient(err: unknown): boolean {
  const s = shape(err);
  if (s.$retryable !== undefined || s.$fault === 'server') return true;
  if (typeof s.name === 'string' && TRANSIENT_NAMES.has(s.name)) return true;
  return typeof s.code === 'string' && NETWORK_CODES.has(s.code);
}
