import fc from 'fast-check';
import { parseConfig, type FailoverConfig } from '../../../lambdas/config';
import { analyzeRegionLoss, stackRegions, type RegionLoss } from '../../../lambdas/platform/topology';
import { example } from '../../lib/support/apps';
import { configs } from './arbitrary-configs';

function lossOf(config: FailoverConfig, region: string, options = {}): RegionLoss {
  const loss = analyzeRegionLoss(config, options).losses.find((l) => l.lost === region);
  if (!loss) throw new Error(`no row for ${region}`);
  return loss;
}

const voters = (loss: RegionLoss) => loss.checkers.voting.map((v) => v.region);

describe('analyzeRegionLoss on the example config', () => {
  const analysis = analyzeRegionLoss(example);

  it('survives the loss of every region it uses', () => {
    expect(analysis.losses.map((l) => [l.lost, l.outcome])).toEqual([
      ['us-east-1', 'survives'],
      ['us-west-2', 'survives'],
      ['eu-west-1', 'survives'],
      ['us-east-2', 'survives'],
    ]);
  });

  it('losing the primary us-east-1: two checkers still vote, a controller still leads, the us-west-2 record keeps 2 of 3 signals', () => {
    const loss = lossOf(example, 'us-east-1');
    expect(loss.roles).toEqual(['app', 'checker', 'controller', 'api', 'replica', 'route53-control-plane']);
    expect(loss.failoverNeeded).toBe(true);
    expect(voters(loss)).toEqual(['us-west-2', 'eu-west-1']);
    expect(loss.checkers).toMatchObject({ quorum: 2, reachable: true, silent: [{ region: 'us-east-1', why: 'lost' }] });
    expect(loss.coordination).toMatchObject({ replicasAlive: ['us-east-2', 'us-west-2'], needed: 2, available: true });
    expect(loss.controllers.candidates.map((c) => c.region)).toEqual(['us-west-2', 'eu-west-1']);
    expect(loss.controllers.streamTriggered).toEqual(['us-west-2']);
    expect(loss.dns).toMatchObject({
      signals: { threshold: 2, endpoints: 3 },
      records: [{ region: 'us-west-2', answering: ['us-west-2', 'eu-west-1'], healthy: true }],
      lostRecordUnhealthy: true,
      controlPlaneNeeded: false,
      controlPlaneAvailable: false,
    });
  });

  it('losing us-east-2 (a replica only): eu-west-1 moves on to its next replica and keeps voting', () => {
    const loss = lossOf(example, 'us-east-2');
    expect(loss.failoverNeeded).toBe(false);
    expect(loss.checkers.voting.find((v) => v.region === 'eu-west-1')).toEqual({ region: 'eu-west-1', replica: 'us-east-1', fallback: true });
    expect(voters(loss)).toEqual(['us-east-1', 'us-west-2', 'eu-west-1']);
  });
});

describe('analyzeRegionLoss: what blocks failover', () => {
  it('dns-update needs Route 53’s control plane, which is lost with us-east-1: failover away from us-east-1 is blocked', () => {
    const loss = lossOf(parseConfig({ ...example, dns: { ...example.dns, flipMode: 'dns-update' } }), 'us-east-1');
    expect(loss.outcome).toBe('blocked');
    expect(loss.reasons.join(' ')).toMatch(/dns-update.*control-plane.*us-east-1/);
  });

  it('a region listed in acceptRegionLoss is accepted, with the reason kept', () => {
    const loss = lossOf(parseConfig({ ...example, dns: { ...example.dns, flipMode: 'dns-update' }, acceptRegionLoss: ['us-east-1'] }), 'us-east-1');
    expect(loss.outcome).toBe('accepted');
    expect(loss.reasons[0]).toMatch(/acceptRegionLoss/);
    expect(loss.reasons.join(' ')).toMatch(/control-plane/);
  });

  it('single-region coordination says plainly that its table region is the one loss it cannot survive', () => {
    const config = parseConfig({ ...example, coordination: { mode: 'single-region', regions: ['us-east-1'] } });
    const loss = lossOf(config, 'us-east-1');
    expect(loss.outcome).toBe('accepted');
    expect(loss.reasons[0]).toMatch(/single-region coordination keeps every table in us-east-1 alone.*use mrsc/);
    expect(loss.checkers.voting).toEqual([]);
    expect(loss.controllers.canLead).toBe(false);
    expect(loss.dns.records).toEqual([{ region: 'us-west-2', answering: [], healthy: false }]);
    expect(
      analyzeRegionLoss(config)
        .losses.filter((l) => l.lost !== 'us-east-1')
        .map((l) => l.outcome),
    ).toEqual(['survives', 'survives']);
  });

  it('a signal threshold as high as the number of endpoints leaves the surviving record unhealthy: blocked, and the reason says what Route 53 does then', () => {
    const loss = lossOf(example, 'us-east-1', { signalThreshold: 3 });
    expect(loss.outcome).toBe('blocked');
    expect(loss.reasons).toEqual([expect.stringMatching(/us-west-2 record would get 2 healthy signals \(us-west-2, eu-west-1\), below the threshold of 3.*us-east-1 included/)]);
    // A region without app traffic: no failover to block, but a serving record would turn unhealthy.
    expect(lossOf(example, 'eu-west-1', { signalThreshold: 3 }).reasons.join(' ')).toMatch(/a serving region would be judged unhealthy/);
  });
});

describe('analyzeRegionLoss over generated configs', () => {
  it('MRSC with health-signal DNS survives every single-region loss', () => {
    fc.assert(
      fc.property(configs({ coordination: 'mrsc', flipMode: 'health-signal' }), (config) => {
        for (const loss of analyzeRegionLoss(config).losses) expect([loss.lost, loss.outcome, loss.reasons]).toEqual([loss.lost, 'survives', []]);
      }),
    );
  });

  it('the lost region never votes, leads or signals, and every other checker region still votes on MRSC', () => {
    fc.assert(
      fc.property(configs({ coordination: 'mrsc' }), (config) => {
        for (const loss of analyzeRegionLoss(config).losses) {
          expect(voters(loss)).not.toContain(loss.lost);
          expect(loss.controllers.candidates.map((c) => c.region)).not.toContain(loss.lost);
          for (const record of loss.dns.records) expect(record.answering).not.toContain(loss.lost);
          expect(voters(loss)).toEqual(config.checkerRegions.filter((r) => r !== loss.lost));
          for (const vote of loss.checkers.voting) expect(vote.replica).not.toBe(loss.lost);
        }
      }),
    );
  });

  it('single-region: only the table region’s loss stops decisions, and it is accepted, never silently blocked', () => {
    fc.assert(
      fc.property(configs({ coordination: 'single-region' }), (config) => {
        const [table] = config.coordination.regions;
        for (const loss of analyzeRegionLoss(config).losses) {
          expect(loss.coordination.available).toBe(loss.lost !== table);
          if (loss.lost === table && loss.outcome !== 'degraded') expect(loss.outcome).toBe('accepted');
          if (loss.lost === table) expect(loss.reasons.join(' ')).toMatch(new RegExp(`${table}`));
        }
      }),
    );
  });

  it('dns-update: exactly the loss of us-east-1 as an app region is blocked (MRSC)', () => {
    fc.assert(
      fc.property(configs({ coordination: 'mrsc', flipMode: 'dns-update' }), (config) => {
        const blocked = analyzeRegionLoss(config)
          .losses.filter((l) => l.outcome === 'blocked')
          .map((l) => l.lost);
        const apps = config.appRegions.map((a) => a.region);
        expect(blocked).toEqual(apps.includes('us-east-1') ? ['us-east-1'] : []);
      }),
    );
  });

  it('a blocked or degraded loss always says why, and a surviving one never does', () => {
    fc.assert(
      fc.property(configs(), fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), (config, threshold) => {
        const endpoints = stackRegions(config).length;
        const options = threshold !== undefined && threshold <= endpoints ? { signalThreshold: threshold } : {};
        for (const loss of analyzeRegionLoss(config, options).losses) {
          if (loss.outcome === 'survives') expect(loss.reasons).toEqual([]);
          else expect(loss.reasons.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
