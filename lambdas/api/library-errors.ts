/**
 * Input errors of the libraries the API calls (the lock library's option checks, the ring's query
 * checks) mean the request carried something the route's schema let through: a 400 naming the
 * problems, never a 500. The schemas should stop such input first; this is the net below them.
 */
import { LockConfigError } from '../coordination';
import { RingQueryError, RouteTableInputError } from '../keyrouting';
import { ApiError } from './errors';

export function libraryInputError(err: unknown): ApiError | undefined {
  if (err instanceof LockConfigError || err instanceof RouteTableInputError) {
    return new ApiError(
      400,
      'validation_failed',
      `invalid request: ${err.problems.join('; ')}`,
      err.problems.map((message) => ({ path: 'request', message })),
    );
  }
  if (err instanceof RingQueryError) return new ApiError(400, 'validation_failed', `invalid request: ${err.message}`, [{ path: 'request', message: err.message }]);
  return undefined;
}
