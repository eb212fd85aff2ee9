/** The swimlane as data: recorded changes → bands per lane, clipped to the window; flips → markers. */
import { bandsOf, buildTimeline, markersOf, type TimelineSetup } from '../../../lambdas/history/rules/timeline';
import type { SignalCheckSettings } from '../../../lambdas/platform/dns-setup';
import { A, B, CHECKERS, HOUR, MIN, ON_A, ON_B, S, T0, checkerDown, flipEvents, flipIntent, outageEvents, verdict } from '../support/events';

const W = { start: T0, end: T0 + HOUR };
const signalCheck: SignalCheckSettings = { requestIntervalSeconds: 10, failureThreshold: 2 };
const setup: TimelineSetup = { regions: [A, B], checkers: [...CHECKERS], signalCheck };

describe('bandsOf', () => {
  it('makes each change hold until the next, the last until the window ends', () => {
    const bands = bandsOf(
      [
        { at: T0 + 10 * MIN, state: 'UP' },
        { at: T0 + 20 * MIN, state: 'DOWN', reason: 'status 503' },
        { at: T0 + 30 * MIN, state: 'UP' },
      ],
      W,
    );
    expect(bands).toEqual([
      { start: T0 + 10 * MIN, end: T0 + 20 * MIN, state: 'UP', since: T0 + 10 * MIN },
      { start: T0 + 20 * MIN, end: T0 + 30 * MIN, state: 'DOWN', since: T0 + 20 * MIN, reason: 'status 503' },
      { start: T0 + 30 * MIN, end: W.end, state: 'UP', since: T0 + 30 * MIN },
    ]);
  });

  it('clips a state that began before the window to its start and remembers when it began', () => {
    const bands = bandsOf(
      [
        { at: T0 - 3 * HOUR, state: 'UP' },
        { at: T0 - 2 * HOUR, state: 'DOWN' },
        { at: T0 + 5 * MIN, state: 'UP' },
      ],
      W,
    );
    expect(bands).toEqual([
      { start: T0, end: T0 + 5 * MIN, state: 'DOWN', since: T0 - 2 * HOUR },
      { start: T0 + 5 * MIN, end: W.end, state: 'UP', since: T0 + 5 * MIN },
    ]);
  });

  it('leaves a band open at the window end when the state still holds, and ignores changes after the end', () => {
    const bands = bandsOf(
      [
        { at: T0 + 50 * MIN, state: 'DOWN' },
        { at: W.end, state: 'UP' },
        { at: W.end + MIN, state: 'UNKNOWN' },
      ],
      W,
    );
    expect(bands).toEqual([{ start: T0 + 50 * MIN, end: W.end, state: 'DOWN', since: T0 + 50 * MIN }]);
  });

  it('orders changes by time whatever order they were read in, and treats repeats of a state as one band', () => {
    const bands = bandsOf(
      [
        { at: T0 + 30 * MIN, state: 'UP' },
        { at: T0 + 10 * MIN, state: 'UNKNOWN' },
        { at: T0 + 20 * MIN, state: 'UNKNOWN', reason: 'a repeat' },
        { at: T0 + 40 * MIN, state: 'UP' },
      ],
      W,
    );
    expect(bands.map((b) => [b.start, b.end, b.state])).toEqual([
      [T0 + 10 * MIN, T0 + 30 * MIN, 'UNKNOWN'],
      [T0 + 30 * MIN, W.end, 'UP'],
    ]);
  });

  it('keeps the later of two changes recorded at the same instant', () => {
    const bands = bandsOf(
      [
        { at: T0 + 10 * MIN, state: 'UP' },
        { at: T0 + 20 * MIN, state: 'DOWN' },
        { at: T0 + 20 * MIN, state: 'UP' },
      ],
      W,
    );
    expect(bands.map((b) => [b.start, b.end, b.state])).toEqual([[T0 + 10 * MIN, W.end, 'UP']]);
  });

  it('gives no band for no changes', () => {
    expect(bandsOf([], W)).toEqual([]);
  });
});

describe('buildTimeline', () => {
  it('gives each region a quorum lane and a lane per checker, from the recorded verdicts and checker changes', () => {
    const events = [verdict(A, 'UP', T0 - HOUR), verdict(B, 'UP', T0 - HOUR), ...outageEvents(A, T0 + 10 * MIN, T0 + 10 * MIN + 10 * S, T0 + 40 * MIN)];
    const timeline = buildTimeline(events, W, setup);
    const a = timeline.regions.find((r) => r.region === A)!;
    expect(a.lanes.map((l) => (l.kind === 'verdict' ? 'quorum' : l.checker))).toEqual(['quorum', ...CHECKERS]);
    expect(a.lanes[0]!.bands.map((b) => [b.start - T0, b.end - T0, b.state])).toEqual([
      [0, 10 * MIN + 10 * S, 'UP'],
      [10 * MIN + 10 * S, 40 * MIN, 'DOWN'],
      [40 * MIN, HOUR, 'UP'],
    ]);
    const euWest = a.lanes.find((l) => l.checker === 'eu-west-1')!;
    expect(euWest.source).toBe('events');
    expect(euWest.bands).toEqual([{ start: T0 + 10 * MIN + 10 * S, end: W.end, state: 'DOWN', since: T0 + 10 * MIN + 10 * S, reason: 'status: status 503 (expected 200–299)' }]);
  });

  it('shows nothing for a window with no events and no live state, and the live state when given', () => {
    const empty = buildTimeline([], W, setup);
    expect(empty.regions.flatMap((r) => r.lanes.map((l) => [l.source, l.bands.length]))).toEqual(Array(8).fill(['none', 0]));
    expect(empty.markers).toEqual([]);
    expect(empty.truncated).toBe(false);

    const live = buildTimeline([], W, { ...setup, live: { [A]: { verdict: 'UP', checkers: { 'us-east-1': 'UP', 'us-west-2': undefined } } } });
    const a = live.regions[0]!;
    expect(a.lanes.map((l) => [l.source, l.bands.map((b) => [b.start, b.end, b.state])])).toEqual([
      ['live', [[W.start, W.end, 'UP']]],
      ['live', [[W.start, W.end, 'UP']]],
      ['none', []],
      ['none', []],
    ]);
  });

  it('marks the flips committed in the window at their commit, with cause, reason and when traffic moved; drills apart', () => {
    const events = [
      ...flipEvents('before', T0 - MIN, T0 - MIN + 500, ON_A, ON_B),
      ...flipEvents('f1', T0 + 11 * MIN, T0 + 11 * MIN + 400, ON_B, ON_A),
      flipIntent('d1', T0 + 20 * MIN, ON_A, ON_B, { cause: 'drill', drillId: 'drill-7', reason: 'quarterly practice' }),
    ];
    const timeline = buildTimeline(events, W, setup);
    expect(timeline.markers).toEqual([
      {
        at: T0 + 11 * MIN + 400,
        kind: 'flip',
        flipId: 'f1',
        cause: 'failover',
        from: ON_B,
        to: ON_A,
        actor: 'controller@us-west-2',
        reason: 'test flip',
        intentAt: T0 + 11 * MIN,
        completedAt: T0 + 11 * MIN + 400,
        movedAt: T0 + 11 * MIN + 400 + 20 * S,
        state: 'completed',
      },
      {
        at: T0 + 20 * MIN,
        kind: 'drill',
        flipId: 'd1',
        cause: 'drill',
        from: ON_A,
        to: ON_B,
        actor: 'controller@us-west-2',
        reason: 'quarterly practice',
        drillId: 'drill-7',
        intentAt: T0 + 20 * MIN,
        state: 'pending',
      },
    ]);
  });

  it('bounds the answer: keeps the newest bands of a lane and the newest markers, and says so', () => {
    const flapping = Array.from({ length: 20 }, (_, i) => verdict(A, i % 2 === 0 ? 'DOWN' : 'UP', T0 + i * MIN));
    const flips = Array.from({ length: 5 }, (_, i) => flipEvents(`f${i}`, T0 + i * MIN, T0 + i * MIN + 100, ON_A, ON_B)).flat();
    const timeline = buildTimeline([...flapping, ...flips], W, { ...setup, maxBandsPerLane: 4, maxMarkers: 2 });
    const quorum = timeline.regions[0]!.lanes[0]!;
    expect(quorum.truncated).toBe(true);
    expect(quorum.bands.map((b) => b.start - T0)).toEqual([16 * MIN, 17 * MIN, 18 * MIN, 19 * MIN]);
    expect(timeline.markers.map((m) => m.flipId)).toEqual(['f3', 'f4']);
    expect(timeline.truncated).toBe(true);
  });
});

describe('markersOf', () => {
  it('leaves out flips committed outside the window, by their commit time', () => {
    const events = flipEvents('late', W.end - 100, W.end + 100, ON_A, ON_B);
    expect(markersOf(events, W, signalCheck)).toEqual([]);
    expect(markersOf([checkerDown(A, 'eu-west-1', T0, T0 + S)], W, signalCheck)).toEqual([]);
  });
});
