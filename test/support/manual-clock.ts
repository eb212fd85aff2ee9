/**
 * ManualClock: time moves only when a test (or a simulation benchmark) moves it, behind the
 * `Clock` port; timers fire in order. `advance`/`advanceUntil` step time explicitly; `run` jumps
 * from timer to timer until some work is done (discrete-event simulation).
 */
import type { Clock } from '../../lambdas/platform/clock';

/** Lets promise chains started by fired timers run to their next real wait. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly fire: () => void;
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

  /** Runs `action` when time reaches `atMs` (e.g. to break a server or abort a loop). */
  schedule(atMs: number, action: () => void): void {
    void this.sleep(atMs - this.nowMs).then(action);
  }

  /**
   * Discrete-event run: advances straight to the next timer, once every promise chain has settled,
   * until `done` resolves; fails when time passes `limitMs` or nothing is left to wait for. Code
   * under test must do no real I/O meanwhile (fake probers and in-memory stores only).
   */
  async run<T>(done: Promise<T>, limitMs = 24 * 3600 * 1000): Promise<T> {
    let outcome: { value: T } | { error: unknown } | undefined;
    done.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    for (;;) {
      await settle(1);
      if (outcome !== undefined) break;
      this.timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      const next = this.timers.shift();
      if (next === undefined) throw new Error(`manual clock stalled at ${this.nowMs} ms: nothing scheduled and the work is not done (real I/O on a manual clock?)`);
      if (next.atMs > limitMs) throw new Error(`manual clock passed ${limitMs} ms before the work was done`);
      this.nowMs = next.atMs;
      next.fire();
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
}
