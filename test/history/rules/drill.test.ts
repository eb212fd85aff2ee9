/** The drill state machine: pre-checks, watching, returning, and what it records at each step. */
import fc from 'fast-check';
import { advanceDrill, drillTraffic, newDrill, precheck, watch, type DrillInput, type DrillPlan, type DrillState, type DrillWorld } from '../../../lambdas/history/rules/drill';
import { A, B, MIN, ON_A, ON_B, S, T0 } from '../support/events';

const plan: DrillPlan = { id: 'drill-1', target: B, home: ON_A, durationMs: 10 * MIN, reason: 'quarterly practice', actor: 'alice', requestedAt: T0 };

function world(overrides: Partial<DrillWorld> = {}): DrillWorld {
  return { now: T0 + S, regions: [A, B], verdicts: { [A]: { status: 'UP' }, [B]: { status: 'UP' } }, traffic: ON_A, ...overrides };
}

const watching = (onTargetSince = T0 + 2 * S): DrillState => ({ plan, phase: 'watching', seq: 4, onTargetSince });
const onB = (overrides: Partial<DrillWorld> = {}) => world({ traffic: ON_B, ...overrides });

describe('precheck', () => {
  it.each<[string, Partial<DrillWorld>, Partial<DrillPlan>, string, RegExp]>([
    ['an unknown region', {}, { target: 'eu-west-1' }, 'unknown-region', /eu-west-1 is not an app region \(us-east-1, us-west-2\)/],
    ['a DOWN target', { verdicts: { [A]: { status: 'UP' }, [B]: { status: 'DOWN' } } }, {}, 'target-not-up', /us-west-2 is DOWN/],
    ['a target nobody has a verdict about', { verdicts: { [A]: { status: 'UP' } } }, {}, 'target-not-up', /us-west-2 is UNKNOWN/],
    ['a target already serving everything', { traffic: ON_B }, { home: ON_B }, 'target-already-serving', /already serves all traffic/],
    ['a pending flip', { pendingIntent: { id: 'f9' } }, {}, 'intent-pending', /flip f9 is in progress/],
    ['a pin', { pin: { region: A } }, {}, 'pinned', /pinned to us-east-1; unpin first/],
    ['a home region that is not UP', { verdicts: { [A]: { status: 'UNKNOWN' }, [B]: { status: 'UP' } } }, {}, 'home-not-up', /us-east-1 is UNKNOWN; traffic could not return/],
  ])('refuses %s with a code and a reason', (_name, w, p, code, reason) => {
    const decision = precheck({ ...plan, ...p }, world(w));
    expect(decision).toMatchObject({ action: 'refuse', code });
    expect(decision.reason).toMatch(reason);
  });

  it('passes when the target is UP, nothing is pending or pinned and home is UP, and moves all traffic to the target', () => {
    expect(precheck(plan, world())).toMatchObject({ action: 'flip-out', code: 'prechecks-passed', to: { [A]: 0, [B]: 1 } });
  });

  it('keeps a target’s active-active weight when moving all traffic to it', () => {
    expect(drillTraffic({ [A]: 100, [B]: 50, 'eu-west-1': 20 }, B)).toEqual({ [A]: 0, [B]: 50, 'eu-west-1': 0 });
  });
});

describe('watch', () => {
  it('keeps watching while the target is UP and time is left, saying how long', () => {
    expect(watch(watching(), onB({ now: T0 + 2 * S + 4 * MIN }))).toMatchObject({ action: 'continue', code: 'watching', reason: 'us-west-2 is UP; 360 s left' });
  });

  it('returns home when the time is up', () => {
    expect(watch(watching(), onB({ now: T0 + 2 * S + 10 * MIN }))).toMatchObject({ action: 'return', code: 'duration-elapsed', to: ON_A });
  });

  it('returns early when the target goes DOWN or an operator aborts', () => {
    expect(watch(watching(), onB({ verdicts: { [A]: { status: 'UP' }, [B]: { status: 'DOWN' } } }))).toMatchObject({ action: 'return', code: 'target-down', to: ON_A });
    expect(watch(watching(), onB({ abort: { actor: 'bob', reason: 'customer call' } }))).toMatchObject({
      action: 'return',
      code: 'operator-abort',
      reason: expect.stringMatching(/^bob aborted the drill \(customer call\): returning traffic to us-east-1$/),
    });
  });

  it('does not return into a home whose verdict is UNKNOWN: waits a grace period, then leaves traffic on the target', () => {
    const homeUnknown = { verdicts: { [A]: { status: 'UNKNOWN' as const }, [B]: { status: 'UP' as const } } };
    expect(watch(watching(), onB({ ...homeUnknown, now: T0 + 2 * S + 10 * MIN }))).toMatchObject({ action: 'continue', code: 'return-waiting' });
    expect(watch(watching(), onB({ ...homeUnknown, now: T0 + 2 * S + 15 * MIN }))).toMatchObject({ action: 'finish', code: 'home-not-up' });
    expect(watch(watching(), onB({ verdicts: { [A]: { status: 'DOWN' }, [B]: { status: 'DOWN' } } }))).toMatchObject({ action: 'finish', code: 'home-not-up' });
  });

  it('ends without returning as soon as the home region goes DOWN, leaving traffic on the target to automation', () => {
    const homeDown = { verdicts: { [A]: { status: 'DOWN' as const }, [B]: { status: 'UP' as const } } };
    expect(watch(watching(), onB({ ...homeDown, now: T0 + 2 * S + MIN }))).toMatchObject({
      action: 'finish',
      code: 'home-down',
      reason: 'us-east-1 went DOWN during the drill: traffic stays on us-west-2 and automation takes over',
    });
  });

  it('stops without returning when someone else moved traffic or pinned it, and waits out a pending flip', () => {
    expect(watch(watching(), world({ traffic: ON_A }))).toMatchObject({ action: 'finish', code: 'superseded' });
    expect(watch(watching(), onB({ pin: { region: B } }))).toMatchObject({ action: 'finish', code: 'superseded' });
    expect(watch(watching(), world({ traffic: ON_A, pendingIntent: { id: 'f7' } }))).toMatchObject({ action: 'continue', code: 'intent-pending' });
  });
});

/** Runs inputs through the machine from a new drill, collecting every recorded step. */
function drive(inputs: readonly DrillInput[]) {
  const started = newDrill(plan);
  let state = started.state;
  const recorded = [...started.steps];
  for (const input of inputs) {
    const t = advanceDrill(state, input);
    state = t.state;
    recorded.push(...t.steps);
  }
  return { state, steps: recorded };
}

const flipDone = (flipId: string, intentAt: number, completedAt: number): DrillInput => ({
  kind: 'flip-completed',
  flip: { flipId, intentAt, appliedAt: intentAt + 100, completedAt, mode: 'health-signal' },
});

describe('advanceDrill', () => {
  it('records a whole drill: requested, moving out, moved out, watching, returning, returned — numbered in order', () => {
    const { state, steps } = drive([
      { kind: 'tick', world: world() },
      flipDone('f-out', T0 + S + 200, T0 + 2 * S),
      { kind: 'tick', world: onB({ now: T0 + 5 * MIN }) },
      { kind: 'tick', world: onB({ now: T0 + 2 * S + 10 * MIN }) },
      flipDone('f-back', T0 + 10 * MIN + 2500, T0 + 10 * MIN + 3 * S),
      { kind: 'tick', world: world({ now: T0 + 11 * MIN }) },
    ]);
    expect(state).toMatchObject({ phase: 'finished', outcome: 'returned' });
    expect(steps.map((s) => [s.seq, s.step, s.code, s.at - T0])).toEqual([
      [0, 'requested', 'requested', 0],
      [1, 'moving-out', 'prechecks-passed', 1000],
      [2, 'moved-out', 'moved-out', 2000],
      [3, 'watching', 'watching', 2000],
      [4, 'returning', 'duration-elapsed', 602_000],
      [5, 'returned', 'duration-elapsed', 603_000],
    ]);
    expect(steps[0]?.plan).toEqual({ target: B, home: ON_A, durationMs: 10 * MIN, reason: 'quarterly practice', actor: 'alice' });
    expect(steps[2]?.flip).toEqual({ flipId: 'f-out', intentAt: T0 + 1200, appliedAt: T0 + 1300, completedAt: T0 + 2000, mode: 'health-signal' });
  });

  it('ends failed when a flip fails, saying which one', () => {
    const { state, steps } = drive([
      { kind: 'tick', world: world() },
      { kind: 'flip-failed', at: T0 + 3 * S, error: 'Route 53 throttled' },
    ]);
    expect(state.outcome).toBe('failed');
    expect(steps.at(-1)).toMatchObject({ step: 'failed', code: 'flip-failed', detail: 'the flip to the target failed: Route 53 throttled' });
  });

  it('ignores inputs that do not fit the phase, and everything once finished', () => {
    const { state, steps } = drive([flipDone('stray', T0, T0 + S), { kind: 'tick', world: world({ pin: { region: A } }) }, { kind: 'tick', world: world() }, flipDone('late', T0, T0 + S)]);
    expect(state).toMatchObject({ phase: 'finished', outcome: 'refused' });
    expect(steps.map((s) => s.step)).toEqual(['requested', 'refused']);
  });

  const status = fc.constantFrom<'UP' | 'DOWN' | 'UNKNOWN'>('UP', 'DOWN', 'UNKNOWN');
  const input: fc.Arbitrary<DrillInput> = fc.oneof(
    fc
      .record({ a: status, b: status, dt: fc.integer({ min: 0, max: 20 * MIN }), onTarget: fc.boolean(), pin: fc.boolean(), abort: fc.boolean() })
      .map(({ a, b, dt, onTarget, pin, abort }): DrillInput => ({
        kind: 'tick',
        world: world({
          now: T0 + dt,
          verdicts: { [A]: { status: a }, [B]: { status: b } },
          traffic: onTarget ? ON_B : ON_A,
          ...(pin ? { pin: { region: A } } : {}),
          ...(abort ? { abort: { actor: 'x', reason: 'y' } } : {}),
        }),
      })),
    fc.integer({ min: 0, max: 20 * MIN }).map((t) => flipDone(`f${t}`, T0 + t, T0 + t + 500)),
    fc.integer({ min: 0, max: 20 * MIN }).map((t): DrillInput => ({ kind: 'flip-failed', at: T0 + t, error: 'boom' })),
  );

  it('for any inputs: steps are numbered 0, 1, 2, … with none after the end, traffic only moves into UP regions', () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 25 }), (inputs) => {
        const started = newDrill(plan);
        let state = started.state;
        const recorded = [...started.steps];
        for (const i of inputs) {
          const t = advanceDrill(state, i);
          if (state.phase === 'finished') expect(t.steps).toEqual([]);
          if (t.decision?.action === 'flip-out') expect(i.kind === 'tick' && i.world.verdicts[B]?.status).toBe('UP');
          if (t.decision?.action === 'return') expect(i.kind === 'tick' && i.world.verdicts[A]?.status).toBe('UP');
          state = t.state;
          recorded.push(...t.steps);
        }
        expect(recorded.map((s) => s.seq)).toEqual(recorded.map((_, k) => k));
        expect(state.seq).toBe(recorded.length);
      }),
    );
  });
});
