import { decide, initialTraffic, singleActive, distribute, type DecisionState } from '../../../lambdas/failover/rules';
import { A, B, C, NOW, activeActive, activePassive, input, settings, verdicts } from './fixtures';

const onA: DecisionState = { traffic: singleActive(activePassive, A), flipTimes: [] };
const onB: DecisionState = { traffic: singleActive(activePassive, B), flipTimes: [] };

describe('decide — active-passive', () => {
  it('fails over from a DOWN active to the first UP region in priority order', () => {
    const d = decide(input({ verdicts: verdicts({ [A]: 'DOWN', [B]: 'DOWN', [C]: 'UP' }), state: onA }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failover', to: singleActive(activePassive, C) } });
  });

  it.each([
    ['all DOWN', { [A]: 'DOWN', [B]: 'DOWN', [C]: 'DOWN' }, 'fail-static'],
    ['DOWN active, others UNKNOWN', { [A]: 'DOWN', [B]: 'UNKNOWN', [C]: 'UNKNOWN' }, 'fail-static'],
    ['UNKNOWN active, others UP', { [A]: 'UNKNOWN', [B]: 'UP', [C]: 'UP' }, 'unknown-verdict'],
    ['all UNKNOWN', { [A]: 'UNKNOWN', [B]: 'UNKNOWN', [C]: 'UNKNOWN' }, 'unknown-verdict'],
    ['healthy active', { [A]: 'UP', [B]: 'DOWN', [C]: 'UP' }, 'steady'],
  ] as const)('holds when %s', (_name, map, code) => {
    expect(decide(input({ verdicts: verdicts(map), state: onA }))).toMatchObject({ kind: 'hold', code });
  });

  it('holds a failback down after a recent flip, says how long is left, and fails back once the hold-down has passed', () => {
    const state = { ...onB, flipTimes: [NOW - 299_000] };
    const back = verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' }, 0);
    const auto = settings({ failback: 'auto', failbackDwellSeconds: 0 });
    expect(decide(input({ verdicts: back, state, settings: auto }))).toMatchObject({ kind: 'hold', code: 'hold-down', facts: { secondsLeft: 1, until: NOW + 1000 } });
    expect(decide(input({ verdicts: back, state, settings: auto, now: NOW + 1000 }))).toMatchObject({ kind: 'flip', plan: { cause: 'failback' } });
  });

  it('damps flapping of failbacks once the window holds the maximum, until the oldest flip leaves the window', () => {
    const state = { ...onB, flipTimes: [NOW - 3_000_000, NOW - 1_000_000] };
    const d = decide(input({ verdicts: verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' }, 0), state, settings: settings({ failback: 'auto', failbackDwellSeconds: 0 }) }));
    expect(d).toMatchObject({ kind: 'hold', code: 'flap-damping', facts: { flipsInWindow: 2, maxFlipsPerWindow: 2, until: NOW - 3_000_000 + 3_600_000 } });
  });

  it('evacuates a DOWN active at once, inside the hold-down and past the flap limit: damping never keeps traffic on a DOWN region while another is UP', () => {
    const down = verdicts({ [A]: 'DOWN', [B]: 'UP', [C]: 'UP' });
    for (const flipTimes of [[NOW - 1000], [NOW - 3_000_000, NOW - 1_000_000]]) {
      expect(decide(input({ verdicts: down, state: { ...onA, flipTimes } }))).toMatchObject({ kind: 'flip', plan: { cause: 'failover', to: singleActive(activePassive, B) } });
    }
  });

  it('keeps a pin over automation, even when the pinned region is DOWN', () => {
    const state = { ...onB, pin: { region: B, reason: 'maintenance', actor: 'alice', at: 0 } };
    expect(decide(input({ verdicts: verdicts({ [A]: 'UP', [B]: 'DOWN', [C]: 'UP' }), state }))).toMatchObject({ kind: 'hold', code: 'pinned' });
  });

  it('converges to a pin whose flip did not happen, bypassing hold-down', () => {
    const state = { ...onA, flipTimes: [NOW - 1], pin: { region: B, reason: 'drill', actor: 'alice', at: 0 } };
    expect(decide(input({ verdicts: verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' }), state }))).toMatchObject({ kind: 'flip', plan: { cause: 'pin', to: singleActive(activePassive, B) } });
  });

  it('with manual failback, stays on the secondary when the primary recovers', () => {
    const d = decide(input({ verdicts: verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' }), state: onB }));
    expect(d).toMatchObject({ kind: 'hold', code: 'failback-manual' });
  });

  it('with auto failback, returns only after the recovery dwell', () => {
    const auto = settings({ failback: 'auto', failbackDwellSeconds: 600 });
    const recovering = { [A]: { status: 'UP' as const, since: NOW - 599_000, reason: 'up' }, [B]: { status: 'UP' as const, since: 0, reason: 'up' } };
    expect(decide(input({ verdicts: recovering, state: onB, settings: auto }))).toMatchObject({ kind: 'hold', code: 'failback-dwell' });
    const d = decide(input({ verdicts: recovering, state: onB, settings: auto, now: NOW + 1000 }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failback', to: singleActive(activePassive, A) } });
  });

  it('never counts an UP verdict of unknown age towards the failback dwell', () => {
    const auto = settings({ failback: 'auto', failbackDwellSeconds: 0 });
    const d = decide(input({ verdicts: { [A]: { status: 'UP', reason: 'up' }, [B]: { status: 'UP', reason: 'up' } }, state: onB, settings: auto }));
    expect(d).toMatchObject({ kind: 'hold', code: 'failback-dwell' });
  });
});

describe('decide — active-active', () => {
  const all = { traffic: initialTraffic(activeActive), flipTimes: [] };

  it('moves a DOWN region’s weight to the healthy ones in proportion', () => {
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'UP', [B]: 'DOWN', [C]: 'UP' }), state: all }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failover', to: { [A]: 133, [B]: 0, [C]: 67 } } });
  });

  it('never moves weight onto an UNKNOWN region: a DOWN region’s share goes to the UP ones only', () => {
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'UP', [B]: 'UNKNOWN', [C]: 'DOWN' }), state: all }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failover', to: { [A]: 150, [B]: 50, [C]: 0 } } });
  });

  it('evacuates a DOWN region inside the hold-down, but adds a recovered one only after it', () => {
    const without = { traffic: distribute(activeActive.weights, [A, C]), flipTimes: [NOW - 1000] };
    const auto = settings({ failback: 'auto', failbackDwellSeconds: 0 });
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'DOWN' }, 0), state: without, settings: auto }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failover', to: { [A]: 200, [B]: 0, [C]: 0 } } });
  });

  it('evacuates onto an UP region waiting for failback when no serving region is UP', () => {
    const without = { traffic: distribute(activeActive.weights, [A, C]), flipTimes: [] };
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'DOWN', [B]: 'UP', [C]: 'UNKNOWN' }), state: without }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failover' } });
    if (d.kind === 'flip') {
      expect(d.plan.to[A]).toBe(0);
      expect(d.plan.to[B]).toBeGreaterThan(0);
      expect((d.plan.to[C] ?? 0) / ((d.plan.to[B] ?? 0) + (d.plan.to[C] ?? 0))).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps an UNKNOWN region serving and does not flip for it', () => {
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'UP', [B]: 'UNKNOWN', [C]: 'UP' }), state: all }));
    expect(d).toMatchObject({ kind: 'hold', code: 'unknown-verdict' });
  });

  it('is fail-static when no serving region would be UP', () => {
    const d = decide(input({ policy: activeActive, verdicts: verdicts({ [A]: 'DOWN', [B]: 'UNKNOWN', [C]: 'DOWN' }), state: all }));
    expect(d).toMatchObject({ kind: 'hold', code: 'fail-static' });
  });

  it('re-adds a recovered region only with auto failback after the dwell', () => {
    const without = { traffic: distribute(activeActive.weights, [A, C]), flipTimes: [] };
    const up = verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' }, NOW - 700_000);
    expect(decide(input({ policy: activeActive, verdicts: up, state: without }))).toMatchObject({ kind: 'hold', code: 'failback-manual' });
    const d = decide(input({ policy: activeActive, verdicts: up, state: without, settings: settings({ failback: 'auto' }) }));
    expect(d).toMatchObject({ kind: 'flip', plan: { cause: 'failback', to: activeActive.weights } });
  });
});
