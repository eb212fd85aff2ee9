import { ManualActionError, planManualFailback, planManualFailover, planPin, singleActive, distribute } from '../../../lambdas/failover/rules';
import { A, B, C, activeActive, activePassive, verdicts } from './fixtures';

const onA = { traffic: singleActive(activePassive, A), flipTimes: [Date.UTC(2026, 0, 1)] };
const healthy = verdicts({ [A]: 'UP', [B]: 'UP', [C]: 'UP' });

function problemOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ManualActionError) return err.problem;
    throw err;
  }
  return undefined;
}

describe('operator plans', () => {
  it('fails over to an UP region regardless of hold-down', () => {
    expect(planManualFailover({ policy: activePassive, state: onA, verdicts: healthy }, B, 'drill')).toMatchObject({ cause: 'manual-failover', to: singleActive(activePassive, B) });
  });

  it('refuses to fail into a region that is not UP unless forced', () => {
    const input = { policy: activePassive, state: onA, verdicts: verdicts({ [A]: 'UP', [B]: 'UNKNOWN', [C]: 'UP' }) };
    expect(problemOf(() => planManualFailover(input, B, 'drill'))).toBe('not-ready');
    expect(planManualFailover(input, B, 'drill', { force: true })).toMatchObject({ to: singleActive(activePassive, B) });
  });

  it('refuses unknown regions and actions while pinned', () => {
    const pinned = { ...onA, pin: { region: A, reason: 'x', actor: 'op', at: 0 } };
    expect(problemOf(() => planManualFailover({ policy: activePassive, state: onA, verdicts: healthy }, 'ap-south-1', 'x'))).toBe('unknown-region');
    expect(problemOf(() => planManualFailover({ policy: activePassive, state: pinned, verdicts: healthy }, B, 'x'))).toBe('pinned');
    expect(problemOf(() => planManualFailback({ policy: activePassive, state: pinned, verdicts: healthy }, 'x'))).toBe('pinned');
  });

  it('returns nothing to do when traffic already matches', () => {
    expect(planManualFailover({ policy: activePassive, state: onA, verdicts: healthy }, A, 'x')).toBeUndefined();
    expect(planManualFailback({ policy: activePassive, state: onA, verdicts: healthy }, 'x')).toBeUndefined();
  });

  it('fails back to the most preferred UP region, or to all UP regions in active-active', () => {
    const onC = { traffic: singleActive(activePassive, C), flipTimes: [] };
    expect(planManualFailback({ policy: activePassive, state: onC, verdicts: verdicts({ [A]: 'DOWN', [B]: 'UP', [C]: 'UP' }) }, 'x')).toMatchObject({ to: singleActive(activePassive, B) });
    const drained = { traffic: distribute(activeActive.weights, [A]), flipTimes: [] };
    expect(planManualFailback({ policy: activeActive, state: drained, verdicts: healthy }, 'x')).toMatchObject({ to: activeActive.weights });
    expect(problemOf(() => planManualFailback({ policy: activeActive, state: drained, verdicts: verdicts({ [A]: 'DOWN', [B]: 'DOWN', [C]: 'UNKNOWN' }) }, 'x'))).toBe('no-healthy-target');
  });

  it('pins onto a region, moving traffic there', () => {
    expect(planPin({ policy: activeActive, state: { traffic: activeActive.weights, flipTimes: [] }, verdicts: healthy }, C, 'x')).toMatchObject({ cause: 'pin', to: { [A]: 0, [B]: 0, [C]: 200 } });
  });
});
