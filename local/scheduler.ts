/**
 * moto never fires EventBridge schedules, so local mode is the scheduler: it runs each handler's
 * work on its cadence until stopped. A failing run is reported and the next one still happens, as
 * with a scheduled Lambda.
 */
import { systemClock, type Clock } from '../lambdas/platform/clock';

export interface RepeatOptions {
  readonly everyMs: number;
  readonly signal: AbortSignal;
  readonly onError: (err: unknown) => void;
  readonly clock?: Clock;
}

/** Runs `task` now and then every `everyMs` after each run ends; resolves once the signal aborts. */
export async function repeat(task: (signal: AbortSignal) => Promise<unknown>, options: RepeatOptions): Promise<void> {
  const clock = options.clock ?? systemClock;
  while (!options.signal.aborted) {
    try {
      await task(options.signal);
    } catch (err) {
      if (!options.signal.aborted) options.onError(err);
    }
    try {
      await clock.sleep(options.everyMs, options.signal);
    } catch {
      return;
    }
  }
}

/**
 * At most one run of `task` at a time. A call during a run asks for one more run after it (calls
 * coalesce), and resolves when a run that started after the call has finished. The controller's
 * schedule and its "observation changed" trigger share one of these, as one Lambda container
 * handles one event at a time.
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = task().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
