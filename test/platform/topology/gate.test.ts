import fc from 'fast-check';
import { parseConfig } from '../../../lambdas/config';
import { assertSurvivesRegionLoss, RegionLossError, regionLossWarnings, analyzeRegionLoss } from '../../../lambdas/platform/topology';
import { example } from '../../lib/support/apps';
import { configs } from './arbitrary-configs';

describe('assertSurvivesRegionLoss', () => {
  it('passes the example config', () => {
    expect(assertSurvivesRegionLoss(example).losses).toHaveLength(4);
  });

  it('refuses a config whose loss of one region blocks failover, naming the region, the reason and the opt-out', () => {
    const config = parseConfig({ ...example, dns: { ...example.dns, flipMode: 'dns-update' } });
    expect(() => assertSurvivesRegionLoss(config)).toThrow(RegionLossError);
    expect(() => assertSurvivesRegionLoss(config)).toThrow(/us-east-1: dns.flipMode is dns-update[\s\S]*"acceptRegionLoss": \["us-east-1"\]/);
  });

  it('lets an accepted loss through and reports it as a warning', () => {
    const config = parseConfig({ ...example, dns: { ...example.dns, flipMode: 'dns-update' }, acceptRegionLoss: ['us-east-1'] });
    expect(regionLossWarnings(assertSurvivesRegionLoss(config))).toEqual([expect.stringMatching(/^losing us-east-1 is accepted: accepted by acceptRegionLoss/)]);
  });

  it('throws exactly when some loss is blocked, and the error lists exactly those regions', () => {
    fc.assert(
      fc.property(configs(), (config) => {
        const blocked = analyzeRegionLoss(config)
          .losses.filter((l) => l.outcome === 'blocked')
          .map((l) => l.lost);
        try {
          assertSurvivesRegionLoss(config);
          expect(blocked).toEqual([]);
        } catch (err) {
          expect(err).toBeInstanceOf(RegionLossError);
          expect((err as RegionLossError).blocked.map((l) => l.lost)).toEqual(blocked);
          for (const region of blocked) expect((err as Error).message).toContain(`  - ${region}: `);
        }
      }),
    );
  });
});

describe('acceptRegionLoss in the config', () => {
  it('must name a region the config uses', () => {
    expect(() => parseConfig({ ...example, acceptRegionLoss: ['ap-south-1'] })).toThrow(/acceptRegionLoss\[0\]: expected a region this config uses/);
  });
});
