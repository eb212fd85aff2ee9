/**
 * Clocks for coordination tests, all behind the `Clock` port:
 * - ManualClock: time moves only when the test advances it; timers fire in order.
 * - skewedClock: a real clock seen through an offset and a rate (clock-rate drift between hosts),
 *   that can also be paused like a stopped process (a GC pause, a frozen VM, a crash).
 */
import type { Clock } from '../../../lambdas/ports/clock';

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** Lets promise chains started by fired timers run to their next real wait. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private nowMs = 0;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(private readonly wallBaseMs = 1_700_000_000_000) {}

  monotonicMs(): number {
    return this.nowMs;
  }

  wallMs(): number {
    return this.wallBaseMs + this.nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        atMs: this.nowMs + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Pending timers (sleeps not yet due). */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.nowMs = Math.max(this.nowMs, due.atMs);
      due.fire();
    }
    this.nowMs = targetMs;
    await settle();
  }

  /** Advances in `stepMs` steps until `done()` holds; fails after `limitMs`. Returns the time taken. */
  async advanceUntil(done: () => boolean, limitMs: number, stepMs = 1): Promise<number> {
    const startMs = this.nowMs;
    while (!done()) {
      if (this.nowMs - startMs > limitMs) throw new Error(`condition not reached within ${limitMs} ms of manual time`);
      await this.advance(stepMs);
    }
    return this.nowMs - startMs;
  }
}

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
