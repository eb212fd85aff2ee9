/**
 * Clocks for coordination tests, all behind the `Clock` port:
 * - ManualClock (test/support/manual-clock.ts): time moves only when the test advances it.
 * - skewedClock: a real clock seen through an offset and a rate (clock-rate drift between hosts),
 *   that can also be paused like a stopped process (a GC pause, a frozen VM, a crash).
 */
import type { Clock } from '../../../lambdas/platform/clock';
export { ManualClock, settle } from '../../support/manual-clock';

export interface SkewedClock extends Clock {
  /** Freeze: sleeps that come due stay pending, as in a stopped process. */
  pause(): void;
  resume(): void;
}

/**
 * `base` seen by a host whose clock runs `rate` times as fast and starts `offsetMs` apart (both the
 * monotonic and the wall reading). sleep(ms) waits ms of THIS clock, i.e. ms / rate of base time.
 */
export function skewedClock(base: Clock, options: { rate?: number; offsetMs?: number } = {}): SkewedClock {
  const rate = options.rate ?? 1;
  const offsetMs = options.offsetMs ?? 0;
  const originMs = base.monotonicMs();
  let paused: { promise: Promise<void>; resume: () => void } | undefined;
  return {
    monotonicMs: () => offsetMs + originMs + (base.monotonicMs() - originMs) * rate,
    wallMs: () => base.wallMs() + offsetMs,
    async sleep(ms, signal) {
      await base.sleep(ms / rate, signal);
      while (paused) await paused.promise;
      signal?.throwIfAborted();
    },
    pause() {
      if (paused) return;
      let resume = (): void => undefined;
      const promise = new Promise<void>((r) => (resume = r));
      paused = { promise, resume };
    },
    resume() {
      const p = paused;
      paused = undefined;
      p?.resume();
    },
  };
}
