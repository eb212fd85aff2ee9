import fc from 'fast-check';
import { analyzeRegionLoss, answeringEndpoints, faultDomains, planSignals, signalThresholdProblems, stackRegions, tablesAvailable } from '../../../lambdas/platform/topology';
import { example } from '../../lib/support/apps';
import { configs } from './arbitrary-configs';

describe('planSignals', () => {
  it('the example: every regional API is a signal endpoint and 2 of 3 must vouch', () => {
    expect(planSignals(example)).toEqual({ endpoints: ['us-east-1', 'us-west-2', 'eu-west-1'], threshold: 2, majority: 2 });
  });

  it('lowers the threshold below a majority when one region’s loss would otherwise starve the records', () => {
    // Two endpoints: a majority is both, so losing either region would leave every record unhealthy.
    expect(planSignals(example, ['us-east-1', 'us-west-2'])).toMatchObject({ threshold: 1, majority: 2 });
  });

  it('picks a threshold that every survivable single-region loss keeps reachable, never above a majority', () => {
    fc.assert(
      fc.property(configs(), (config) => {
        const plan = planSignals(config);
        expect(plan.endpoints).toEqual(stackRegions(config));
        expect(plan.threshold).toBeGreaterThanOrEqual(1);
        expect(plan.threshold).toBeLessThanOrEqual(plan.majority);
        for (const lost of faultDomains(config).filter((l) => tablesAvailable(config, l))) {
          expect(answeringEndpoints(plan.endpoints, config, lost).length).toBeGreaterThanOrEqual(plan.threshold);
        }
        expect(signalThresholdProblems(config, plan.endpoints, plan.threshold)).toEqual([]);
      }),
    );
  });

  it('after a flip away from a lost app region its record is unhealthy and every surviving record healthy', () => {
    fc.assert(
      fc.property(configs({ coordination: 'mrsc', flipMode: 'health-signal' }), (config) => {
        for (const loss of analyzeRegionLoss(config).losses.filter((l) => l.failoverNeeded)) {
          expect(loss.dns.lostRecordUnhealthy).toBe(true);
          expect(loss.dns.records.every((r) => r.healthy)).toBe(true);
          expect(loss.dns.records.map((r) => r.region)).not.toContain(loss.lost);
        }
      }),
    );
  });
});

describe('signalThresholdProblems', () => {
  it('names each region whose loss leaves too few endpoints, and skips accepted ones', () => {
    const endpoints = ['us-east-1', 'us-west-2', 'eu-west-1'];
    expect(signalThresholdProblems(example, endpoints, 3)).toEqual([
      'losing us-east-1 leaves 2 of 3 signal endpoints answering, below the threshold of 3',
      'losing us-west-2 leaves 2 of 3 signal endpoints answering, below the threshold of 3',
      'losing eu-west-1 leaves 2 of 3 signal endpoints answering, below the threshold of 3',
    ]);
    expect(signalThresholdProblems({ ...example, acceptRegionLoss: ['us-east-1', 'us-west-2', 'eu-west-1'] }, endpoints, 3)).toEqual([]);
  });
});
