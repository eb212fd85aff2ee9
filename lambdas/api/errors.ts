/**
 * Every error leaves the API as JSON `{error, message, details}`. Client mistakes are 4xx with a
 * message that says what was wrong; only faults of the service itself are 5xx.
 */
import type { ZodError } from 'zod';
import { formatPath } from '../config/parse';

export type ApiErrorCode =
  'validation_failed' | 'malformed_json' | 'unsupported_media_type' | 'payload_too_large' | 'unauthorized' | 'not_found' | 'method_not_allowed' | 'conflict' | 'unavailable' | 'internal';

/** An error with the HTTP status and body it should produce. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: 400 | 401 | 404 | 405 | 409 | 413 | 415 | 500 | 503,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/**
 * Thrown by a port when the system refuses a well-formed request: a failover to a region that is
 * DOWN (`conflict`), a lock token that no longer holds the lock (`conflict`), a lock or record
 * that does not exist (`not_found`), or coordination being unreachable (`unavailable`).
 */
export class ServiceRejection extends Error {
  override readonly name = 'ServiceRejection';
  constructor(
    readonly kind: 'conflict' | 'not_found' | 'unavailable',
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

export function rejectionToApiError(err: ServiceRejection): ApiError {
  if (err.kind === 'not_found') return new ApiError(404, 'not_found', err.message, err.details);
  if (err.kind === 'unavailable') return new ApiError(503, 'unavailable', err.message, err.details);
  return new ApiError(409, 'conflict', err.message, err.details);
}

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** One `{path, message}` per zod issue; `where` prefixes the path (`body`, `query`, `path`). */
export function zodProblems(error: ZodError, where: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? where : `${where}.${formatPath(issue.path)}`,
    message: issue.message,
  }));
}

export function validationError(error: ZodError, where: string): ApiError {
  const problems = zodProblems(error, where);
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new ApiError(400, 'validation_failed', `invalid request: ${summary}`, problems);
}

export function errorBody(err: ApiError): { error: string; message: string; details: unknown } {
  return { error: err.code, message: err.message, details: err.details };
}
