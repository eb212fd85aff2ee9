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
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
