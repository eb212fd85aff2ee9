import fc from 'fast-check';
import { faultDomains, replicaOrder, stackRegions } from '../../../lambdas/platform/topology';
import { example } from '../../lib/support/apps';
import { configs } from './arbitrary-configs';

describe('replicaOrder', () => {
  it('starts with the local replica where the region holds one', () => {
    expect(replicaOrder('us-east-1', example)).toEqual(['us-east-1', 'us-east-2', 'us-west-2']);
    expect(replicaOrder('us-west-2', example)).toEqual(['us-west-2', 'us-east-2', 'us-east-1']);
  });

  it('sends a region without a replica first to a replica that serves no app traffic, not to the primary app region', () => {
    // The example's eu-west-1 used to go to us-east-1 alone: lose us-east-1 and it could not vote or signal.
    expect(replicaOrder('eu-west-1', example)).toEqual(['us-east-2', 'us-east-1', 'us-west-2']);
  });

  it('prefers a replica of the same geography', () => {
    const config = { ...example, coordination: { mode: 'mrsc' as const, regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] } };
    expect(replicaOrder('eu-central-1', config)[0]).toBe('eu-west-1');
    expect(replicaOrder('sa-east-1', config)).toEqual(['eu-west-1', 'ap-south-1', 'us-east-1']);
  });

  it('lists every replica exactly once, the local one first when there is one', () => {
    fc.assert(
      fc.property(configs(), (config) => {
        for (const region of faultDomains(config)) {
          const order = replicaOrder(region, config);
          expect([...order].sort()).toEqual([...config.coordination.regions].sort());
          if (config.coordination.regions.includes(region)) expect(order[0]).toBe(region);
        }
      }),
    );
  });
});

describe('faultDomains', () => {
  it('covers every regional stack, every replica and the Route 53 control plane', () => {
    expect(faultDomains(example)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1', 'us-east-2']);
    expect(stackRegions(example)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
    fc.assert(
      fc.property(configs(), (config) => {
        const domains = faultDomains(config);
        for (const r of [...stackRegions(config), ...config.coordination.regions, 'us-east-1']) expect(domains).toContain(r);
        expect(new Set(domains).size).toBe(domains.length);
      }),
    );
  });
});
