import { repeat, singleFlight } from '../../local/scheduler';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('singleFlight', () => {
  test('runs one task at a time and coalesces calls made during a run into one more run', async () => {
    const gates: { resolve: () => void }[] = [];
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const run = singleFlight(async () => {
      runs += 1;
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      running -= 1;
    });
    const first = run();
    const second = run();
    const third = run();
    expect(second).toBe(third);
    expect(runs).toBe(1);
    gates[0]!.resolve();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    gates[1]!.resolve();
    await second;
    expect(maxRunning).toBe(1);
    expect(runs).toBe(2);
  });

  test('a failed run does not stop the queued one', async () => {
    let calls = 0;
    const run = singleFlight(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
    });
    const first = run();
    const second = run();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('repeat', () => {
  test('runs until aborted, reporting errors without stopping', async () => {
    const stopper = new AbortController();
    const errors: unknown[] = [];
    let runs = 0;
    const done = repeat(
      async () => {
        runs += 1;
        if (runs === 2) throw new Error('transient');
        if (runs === 4) stopper.abort();
      },
      { everyMs: 1, signal: stopper.signal, onError: (e) => errors.push(e) },
    );
    await done;
    expect(runs).toBe(4);
    expect(errors).toEqual([new Error('transient')]);
  });

  test('an abort during the wait ends it at once', async () => {
    const stopper = new AbortController();
    const done = repeat(async () => stopper.abort(), { everyMs: 60_000, signal: stopper.signal, onError: () => undefined });
    await expect(done).resolves.toBeUndefined();
  });
});
