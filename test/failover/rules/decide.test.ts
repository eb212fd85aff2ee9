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

  it('holds down after a recent flip and flips once the hold-down has passed', () => {
    const state = { ...onA, flipTimes: [NOW - 299_000] };
    const down = verdicts({ [A]: 'DOWN', [B]: 'UP', [C]: 'UP' });
    expect(decide(input({ verdicts: down, state }))).toMatchObject({ kind: 'hold', code: 'hold-down' });
    expect(decide(input({ verdicts: down, state, now: NOW + 1000 }))).toMatchObject({ kind: 'flip' });
  });

  it('damps flapping: no automatic flip once the window holds the maximum', () => {
    const state = { ...onA, flipTimes: [NOW - 3_000_000, NOW - 1_000_000] };
    const d = decide(input({ verdicts: verdicts({ [A]: 'DOWN', [B]: 'UP', [C]: 'UP' }), state }));
    expect(d).toMatchObject({ kind: 'hold', code: 'flap-damping' });
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
