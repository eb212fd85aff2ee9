/**
 * Runs `work` now and hands back its result as a promise, and a throw as a rejected promise: what an
 * `async` method without `await` gives, without the `async`. For in-memory adapters of async ports,
 * which have nothing to wait for but must fail the way the real adapter does (a rejection, never a
 * synchronous throw that skips the caller's `.catch`).
 */
export function asPromise<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    // Passes on whatever `work` threw, as `async` would; the rule wants new Errors, not re-throws.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(err);
  }
}
