/**
 * AcceleratedClock: real time, running `rate` times faster. Sleeps last `ms / rate` real
 * milliseconds and both readings advance `rate` ms per real ms, so code with real I/O (emulators,
 * sockets) can run minutes of its schedule in seconds. Real latencies count `rate` times over on
 * this clock: everything measured on it is a little pessimistic, equally for everything on it.
 */
import type { Clock } from '../../lambdas/platform/clock';

export class AcceleratedClock implements Clock {
  private readonly realStart = performance.now();

  constructor(
    readonly rate: number,
    private readonly wallBaseMs = Date.now(),
  ) {
    if (!(rate > 0)) throw new RangeError(`rate must be positive, got ${rate}`);
  }

  monotonicMs(): number {
    return (performance.now() - this.realStart) * this.rate;
  }

  wallMs(): number {
    return this.wallBaseMs + this.monotonicMs();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms) / this.rate,
      );
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
