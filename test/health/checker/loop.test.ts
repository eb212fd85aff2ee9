/** The probe loop on a virtual clock: rounds, deadline, write policy, hysteresis, carry-over, overlap. */
import fc from 'fast-check';
import { healthCheckSchema } from '../../../lambdas/config/schema';
import { ProbeLoopError, runProbeLoop, type CheckerTarget, type ProbeLoopOptions } from '../../../lambdas/health/checker/loop';
import type { CheckerProblem, CheckerTelemetry, StateChange } from '../../../lambdas/health/checker/telemetry';
import type { Prober } from '../../../lambdas/health/probe/prober';
import { MemoryObservationStore } from './support/memory-store';
import { ScriptedProber, type Script } from './support/scripted-prober';
import { ManualClock } from '../../support/manual-clock';
import { buildObservation } from '../../../lambdas/health/rules/observation';
import { evaluateQuorum } from '../../../lambdas/health/rules/quorum';

const INTERVAL = 5000;
const settings = { intervalMs: INTERVAL, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 8 };

function targets(...hosts: string[]): CheckerTarget[] {
  return hosts.map((host) => ({ name: host, spec: healthCheckSchema.parse({ protocol: 'HTTP', host, timeoutMs: 2000 }) }));
}

function recorder() {
  const changes: StateChange[] = [];
  const problems: CheckerProblem[] = [];
  const rounds: number[] = [];
  const telemetry: CheckerTelemetry = {
    probed: () => undefined,
    wrote: () => undefined,
    stateChanged: (c) => changes.push(c),
    roundCompleted: (s) => rounds.push(s.round),
    problem: (p) => problems.push(p),
  };
  return { telemetry, changes, problems, rounds };
}

interface Setup {
  clock: ManualClock;
  store: MemoryObservationStore;
  prober: ScriptedProber;
  options: ProbeLoopOptions;
}

function setup(script: Script, overrides: Partial<ProbeLoopOptions> = {}, clock = new ManualClock(), store = new MemoryObservationStore()): Setup {
  const prober = new ScriptedProber(clock, script);
  const options: ProbeLoopOptions = { checker: 'eu-west-1', targets: targets('a'), settings, prober, store, clock, deadline: clock.monotonicMs() + 59_000, ...overrides };
  return { clock, store, prober, options };
}

const healthy: Script = () => ({ ok: true });

describe('runProbeLoop', () => {
  it('probes at once, then on aligned slots, and stops before its deadline', async () => {
    const { clock, prober, options } = setup(healthy);
    const report = await clock.run(runProbeLoop(options));
    // Immediate round at 0, then slots 5 s … 55 s; 55 s + 2 s timeout + 1.5 s write budget fits before 59 s, 60 s would not.
    expect(prober.calls.map((c) => c.at)).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000, 55_000]);
    expect(report).toMatchObject({ rounds: 12, probes: 12, stoppedBy: 'deadline' });
    expect(clock.monotonicMs()).toBeLessThanOrEqual(59_000);
  });

  it('never starts a round that could not finish before the deadline, for any deadline and wall-clock phase', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4999 }), fc.integer({ min: 3600, max: 70_000 }), fc.integer({ min: 1, max: 1999 }), async (phase, deadline, latency) => {
        const clock = new ManualClock(1_700_000_000_000 + phase);
        const { prober, options } = setup(() => ({ ok: true, latencyMs: latency }), { deadline }, clock);
        const report = await clock.run(runProbeLoop(options));
        expect(report.rounds).toBeGreaterThan(0);
        for (const { at } of prober.calls) expect(at + 2000 + 1500).toBeLessThanOrEqual(deadline);
        expect(clock.monotonicMs()).toBeLessThanOrEqual(deadline);
        const starts = prober.calls.map((c) => c.at);
        starts.slice(1).forEach((s, i) => {
          expect(s - starts[i]!).toBeGreaterThanOrEqual(INTERVAL / 2);
          expect((clock.wallMs() - clock.monotonicMs() + s) % INTERVAL).toBe(0);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('writes on the first round, every staleAfterIntervals − 1 intervals while steady, and on the last round', async () => {
    const { clock, store, options } = setup(healthy);
    await clock.run(runProbeLoop(options));
    const at = store.log.map((o) => o.observedAt - clock.wallMs() + clock.monotonicMs());
    expect(at[0]).toBe(20);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * INTERVAL);
    expect(store.log.length).toBeLessThan(12);
    expect(store.log.at(-1)?.recent.at(-1)?.at).toBe(clock.wallMs() - clock.monotonicMs() + 55_000);
    expect(store.log.map((o) => o.seq)).toEqual(store.log.map((_, i) => i + 1));
  });

  it('turns DOWN after failureThreshold failures, reports the change once, and writes it at once', async () => {
    const failingFrom = 20_000;
    const { clock, store, options } = setup((_h, _c, now) => ({ ok: now < failingFrom }));
    const { telemetry, changes } = recorder();
    const report = await clock.run(runProbeLoop({ ...options, telemetry }));
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      ['UNKNOWN', 'UP'],
      ['UP', 'DOWN'],
    ]);
    const down = changes[1]!;
    expect(down.at - clock.wallMs() + clock.monotonicMs()).toBe(30_000 + 20);
    expect(down.result).toMatchObject({ ok: false, target: 'a', checker: 'eu-west-1' });
    const firstDown = store.log.find((o) => o.state === 'DOWN');
    expect(firstDown?.observedAt).toBe(down.at);
    expect(firstDown).toMatchObject({ consecutiveFailures: 3, consecutiveSuccesses: 0 });
    expect(report.states.a?.state).toBe('DOWN');
  });

  it('carries the state machine over to the next invocation through the store', async () => {
    const store = new MemoryObservationStore();
    const clock = new ManualClock();
    // First invocation: UP, then the last two probes fail — not yet DOWN.
    const first = setup((_h, call) => ({ ok: call < 10 }), {}, clock, store);
    const one = await clock.run(runProbeLoop(first.options));
    expect(one.states.a).toMatchObject({ state: 'UP', consecutiveFailures: 2 });
    const lastSeq = store.items.get('a\u0000eu-west-1')?.seq ?? 0;
    // Next invocation, a minute later: its first failure is the third in a row.
    await clock.run(clock.sleep(60_000 - clock.monotonicMs()));
    const { telemetry, changes } = recorder();
    const second = setup(() => ({ ok: false }), { telemetry, deadline: 60_000 + 59_000 }, clock, store);
    await clock.run(runProbeLoop(second.options));
    expect(changes[0]).toMatchObject({ from: 'UP', to: 'DOWN', consecutiveFailures: 3 });
    expect(changes[0]!.at - clock.wallMs() + clock.monotonicMs()).toBe(60_000 + 20);
    expect(store.log.find((o) => o.seq === lastSeq + 1)?.state).toBe('DOWN');
  });

  it('timeline 1: checkers resuming after a long gap do not turn an hour-old DOWN into fresh votes (a stale state restarts from UNKNOWN, keeping only seq)', async () => {
    const clock = new ManualClock();
    const store = new MemoryObservationStore();
    const hourAgo = clock.wallMs() - 3_600_000;
    const resuming = ['us-east-1', 'us-west-2'];
    // Two checker regions last wrote DOWN an hour ago, then stopped. The target has since recovered.
    for (const checker of resuming) {
      await store.put(
        buildObservation({
          target: 'a',
          checker,
          health: { state: 'DOWN', consecutiveFailures: 9, consecutiveSuccesses: 0, stateSince: hourAgo - 60_000 },
          recent: [{ at: hourAgo, ok: false, ms: 2000, reason: 'timeout' }],
          observedAt: hourAgo,
          seq: 41,
          intervalMs: INTERVAL,
        }),
      );
    }
    // Both resume: one round each, whose probe succeeds.
    await clock.run(Promise.all(resuming.map((checker) => runProbeLoop(setup(healthy, { checker, deadline: 6000 }, clock, store).options))));
    for (const checker of resuming) {
      expect(store.items.get(`a\u0000${checker}`)).toMatchObject({ state: 'UNKNOWN', consecutiveSuccesses: 1, consecutiveFailures: 0, seq: 42 });
      expect(store.items.get(`a\u0000${checker}`)?.recent).toHaveLength(1);
    }
    const verdict = evaluateQuorum([...store.items.values()], {
      checkerRegions: [...resuming, 'eu-west-1'],
      now: clock.wallMs(),
      intervalMs: INTERVAL,
      staleAfterIntervals: settings.staleAfterIntervals,
    });
    expect(verdict.verdict).not.toBe('DOWN');
  });

  it('keeps the stored state of a checker that resumes within the staleness window', async () => {
    const clock = new ManualClock();
    const store = new MemoryObservationStore();
    const recent = clock.wallMs() - (settings.staleAfterIntervals * INTERVAL - 1000);
    await store.put(
      buildObservation({
        target: 'a',
        checker: 'eu-west-1',
        health: { state: 'DOWN', consecutiveFailures: 4, consecutiveSuccesses: 0, stateSince: recent },
        recent: [],
        observedAt: recent,
        seq: 7,
        intervalMs: INTERVAL,
      }),
    );
    await clock.run(runProbeLoop(setup(healthy, { deadline: 6000 }, clock, store).options));
    expect(store.items.get('a\u0000eu-west-1')).toMatchObject({ state: 'DOWN', consecutiveSuccesses: 1, seq: 8 });
  });

  it('stops between rounds when its signal aborts, finishing the round in flight', async () => {
    const stop = new AbortController();
    const { clock, prober, options } = setup(healthy, { deadline: undefined, signal: stop.signal });
    clock.schedule(12_000, () => stop.abort());
    const report = await clock.run(runProbeLoop(options));
    expect(report).toMatchObject({ stoppedBy: 'signal', rounds: 3 });
    expect(prober.calls.map((c) => c.at)).toEqual([0, 5000, 10_000]);
    expect(clock.monotonicMs()).toBe(12_000);
  });

  it('keeps at most `concurrency` probes in flight', async () => {
    const clock = new ManualClock();
    let inFlight = 0;
    let most = 0;
    const prober: Prober = {
      async probe() {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await clock.sleep(100);
        inFlight -= 1;
        return { ok: true, latencyMs: 100, detail: 'ok' };
      },
    };
    const hosts = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const { options } = setup(healthy, { prober, targets: targets(...hosts), settings: { ...settings, concurrency: 3 }, deadline: 10_000 }, clock);
    const report = await clock.run(runProbeLoop(options));
    expect(most).toBe(3);
    expect(report.probes).toBe(20 * report.rounds);
  });

  it('lets overlapping invocations of one checker share an item without ever writing an older seq', async () => {
    const clock = new ManualClock();
    const store = new MemoryObservationStore();
    const a = setup((_h, call) => ({ ok: call % 4 !== 3 }), { writer: 'inv-a' }, clock, store);
    const b = setup(() => ({ ok: true }), { writer: 'inv-b', deadline: 30_000 }, clock, store);
    const { telemetry, problems } = recorder();
    const [ra, rb] = await clock.run(Promise.all([runProbeLoop({ ...a.options, telemetry }), runProbeLoop({ ...b.options, telemetry })]));
    expect(ra.refusedWrites + rb.refusedWrites).toBeGreaterThan(0);
    expect(problems.every((p) => p.kind === 'write-refused')).toBe(true);
    const seqs = store.log.map((o) => o.seq);
    seqs.slice(1).forEach((s, i) => expect(s).toBeGreaterThan(seqs[i]!));
    expect(new Set(store.log.map((o) => o.writer))).toEqual(new Set(['inv-a', 'inv-b']));
  });

  it('survives failed reads and writes, and retries the write next round', async () => {
    const { clock, store, options } = setup(healthy);
    let failWrites = 1;
    const flaky = Object.assign(Object.create(store) as MemoryObservationStore, {
      loadForChecker: () => Promise.reject(new Error('throttled')),
      put: (o: Parameters<MemoryObservationStore['put']>[0]) => (failWrites-- > 0 ? Promise.reject(new Error('timeout')) : store.put(o)),
    });
    const { telemetry, problems } = recorder();
    const report = await clock.run(runProbeLoop({ ...options, store: flaky, telemetry }));
    expect(problems.map((p) => p.kind)).toEqual(['load-failed', 'write-failed']);
    expect(report.failedWrites).toBe(1);
    expect(store.log[0]?.seq).toBe(1);
    expect(store.log[0]?.recent).toHaveLength(2);
  });

  it('refuses to run without a way to stop, or with a timeout not below the interval', async () => {
    const { options } = setup(healthy);
    await expect(runProbeLoop({ ...options, deadline: undefined })).rejects.toThrow(ProbeLoopError);
    const slow = [{ name: 'slow', spec: healthCheckSchema.parse({ protocol: 'HTTP', host: 'x', timeoutMs: 5000 }) }];
    await expect(runProbeLoop({ ...options, targets: slow })).rejects.toThrow(/timeout must be below the interval \(5000 ms\) for slow/);
  });
});
