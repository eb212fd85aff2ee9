/**
 * Discrete-event time for tests and the detection benchmark: `sleep` registers a timer, and `run`
 * advances straight to the next timer once every promise chain has settled. Code under test must do
 * no real I/O while it runs on this clock (fake probers and in-memory stores only).
 */
import type { Clock } from '../../../lambdas/ports/clock';

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly resolve: () => void;
}

/** Lets every pending promise reaction run: microtasks drain before a macrotask. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualClock implements Clock {
  private now = 0;
  private order = 0;
  private timers: Timer[] = [];

  constructor(private readonly wallAtZero = 1_700_000_000_000) {}

  monotonicMs(): number {
    return this.now;
  }

  wallMs(): number {
    return this.wallAtZero + this.now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.now + Math.max(0, ms),
        order: this.order++,
        resolve: () => {
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

  /** Runs `at` when virtual time reaches it (e.g. to break a server or abort a loop). */
  schedule(at: number, action: () => void): void {
    void this.sleep(at - this.now).then(action);
  }

  /** Advances time timer by timer until `done` resolves, or fails when time passes `limitMs`. */
  async run<T>(done: Promise<T>, limitMs = 24 * 3600 * 1000): Promise<T> {
    let finished = false;
    let value: T | undefined;
    let failure: { error: unknown } | undefined;
    done.then(
      (v) => {
        finished = true;
        value = v;
      },
      (error: unknown) => {
        finished = true;
        failure = { error };
      },
    );
    for (;;) {
      await settle();
      if (finished) break;
      this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.timers.shift();
      if (next === undefined) throw new Error(`virtual clock stalled at ${this.now} ms: nothing scheduled and the work is not done (real I/O on a virtual clock?)`);
      if (next.at > limitMs) throw new Error(`virtual clock passed ${limitMs} ms before the work was done`);
      this.now = next.at;
      next.resolve();
    }
    if (failure !== undefined) throw failure.error;
    return value as T;
  }
}
