/**
 * Time, behind a port so tests can inject offset, rate skew and pauses.
 * `monotonicMs` only ever moves forward within one process and is what lease expiry is judged by;
 * `wallMs` is for records humans read and for cross-host data that tolerates skew (observations).
 */
export interface Clock {
  /** Milliseconds on a local monotonic clock (performance.now()); meaningless across hosts. */
  monotonicMs(): number;
  /** Milliseconds since the epoch (Date.now()); may jump and may differ across hosts. */
  wallMs(): number;
  /** Resolves after `ms` milliseconds of this clock's time, or rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  monotonicMs: () => performance.now(),
  wallMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      // Rejects with the signal's own reason, whatever it is: callers tell their own abort apart by it.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const abort = (): void => reject(signal?.reason);
      if (signal?.aborted) return abort();
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
