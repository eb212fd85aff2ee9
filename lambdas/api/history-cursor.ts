/**
 * History cursors are opaque to clients: the store's page boundary (an Audit sort key) encoded with
 * a checksum. A cursor the API did not hand out — edited, truncated, made up, or oversized (a sort
 * key value over DynamoDB's 1,024-byte limit used to answer 500) — is a 400, and nothing of it
 * reaches the table.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './errors';

/** Sort keys are an ISO time plus an id: far below DynamoDB's 1,024-byte key limit. */
const MAX_BOUNDARY_BYTES = 512;
const CHECK_CHARS = 11;

/** The characters a cursor consists of, for the published schema. */
export const CURSOR_PATTERN = `^[A-Za-z0-9_-]{1,${Math.ceil((MAX_BOUNDARY_BYTES * 4) / 3)}}\\.[A-Za-z0-9_-]{${CHECK_CHARS}}$`;

function check(boundary: string): string {
  return createHash('sha256').update(`region-failover history cursor v1\n${boundary}`).digest('base64url').slice(0, CHECK_CHARS);
}

export function encodeCursor(boundary: string): string {
  return `${Buffer.from(boundary, 'utf8').toString('base64url')}.${check(boundary)}`;
}

function invalid(reason: string): ApiError {
  const message = `${reason}; pass the nextCursor of a previous page unchanged, or leave cursor out for the newest entries`;
  return new ApiError(400, 'validation_failed', `invalid request: query.cursor: ${message}`, [{ path: 'query.cursor', message }]);
}

/** The page boundary inside a cursor this API handed out; ApiError 400 for anything else. */
export function decodeCursor(cursor: string): string {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(cursor);
  if (!match) throw invalid('not a history cursor');
  const boundary = Buffer.from(match[1]!, 'base64url').toString('utf8');
  if (Buffer.byteLength(boundary) > MAX_BOUNDARY_BYTES || boundary.length === 0) throw invalid('not a history cursor');
  // Base64 ignores the spare bits of its last character, so one boundary has several spellings:
  // only the one this API hands out is accepted (an edited cursor never passes for the original).
  if (check(boundary) !== match[2] || encodeCursor(boundary) !== cursor) throw invalid('this cursor was not handed out by this API (it was changed or made up)');
  return boundary;
}
