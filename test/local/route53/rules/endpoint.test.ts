import * as fc from 'fast-check';
import { endpointHealthy } from '../../../../local/route53/rules';

const locations = (healthy: number, total: number): boolean[] => Array.from({ length: total }, (_, i) => i < healthy);

describe('the more-than-18% rule', () => {
  it('calls an endpoint healthy when 2 of 8 locations (25%) see it healthy, and unhealthy at 1 of 8 (12.5%)', () => {
    expect(endpointHealthy(locations(2, 8))).toBe(true);
    expect(endpointHealthy(locations(1, 8))).toBe(false);
  });

  it('treats exactly 18% as unhealthy ("18% or fewer")', () => {
    expect(endpointHealthy(locations(9, 50))).toBe(false);
    expect(endpointHealthy(locations(10, 50))).toBe(true);
  });

  it('with 16 locations, needs 3 healthy (18.75%)', () => {
    expect(endpointHealthy(locations(3, 16))).toBe(true);
    expect(endpointHealthy(locations(2, 16))).toBe(false);
  });

  it('calls a check with no reports yet healthy', () => {
    expect(endpointHealthy([])).toBe(true);
  });

  it('never turns unhealthy when one more location sees the endpoint healthy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(30), (total, h) => {
        const healthy = Math.min(h, total - 1);
        if (endpointHealthy(locations(healthy, total))) expect(endpointHealthy(locations(healthy + 1, total))).toBe(true);
      }),
    );
  });
});
