import * as fc from 'fast-check';
import { applyResult, NEW_LOCATION, type LocationStatus } from '../../../../local/route53/rules';

const run = (results: readonly boolean[], threshold: number, from: LocationStatus = NEW_LOCATION): LocationStatus => results.reduce((s, ok) => applyResult(s, ok, threshold), from);

describe('one checker location', () => {
  it('starts healthy, as a new Route 53 health check does', () => {
    expect(NEW_LOCATION.healthy).toBe(true);
  });

  it('turns unhealthy on the third consecutive failure with threshold 3, not before', () => {
    expect(run([false, false], 3).healthy).toBe(true);
    expect(run([false, false, false], 3).healthy).toBe(false);
  });

  it('needs the same number of consecutive successes to become healthy again', () => {
    const down = run([false, false, false], 3);
    expect(run([true, true], 3, down).healthy).toBe(false);
    expect(run([true, true, true], 3, down).healthy).toBe(true);
  });

  it('starts counting again when a result agrees with its current view', () => {
    expect(run([false, false, true, false, false], 3).healthy).toBe(true);
  });

  it('changes its mind on every disagreeing result with threshold 1', () => {
    expect(run([false], 1).healthy).toBe(false);
    expect(run([false, true], 1).healthy).toBe(true);
  });

  it('ends on the last result after a run of `threshold` equal results, whatever came before', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), (before, threshold, last) => {
        expect(run([...before, ...Array<boolean>(threshold).fill(last)], threshold).healthy).toBe(last);
      }),
    );
  });

  it('never changes its view on fewer than `threshold` disagreeing results after an agreeing one', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 30 }), fc.integer({ min: 2, max: 10 }), (before, threshold) => {
        const settled = run(before, threshold);
        const s = applyResult(settled, settled.healthy, threshold);
        const fewer = Array<boolean>(threshold - 1).fill(!s.healthy);
        expect(run(fewer, threshold, s).healthy).toBe(s.healthy);
      }),
    );
  });
});
