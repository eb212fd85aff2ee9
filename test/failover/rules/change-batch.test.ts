import fc from 'fast-check';
import { ChangeBatchError, changeBatchFor, changeBatchProblems, distribute, singleActive, type RecordChange } from '../../../lambdas/failover/rules';
import { A, B, testConfig } from './fixtures';

const ok: RecordChange = { action: 'UPSERT', record: { name: 'api.example.com.', type: 'CNAME', ttl: 30, values: ['us-east-1.app.example.com'] } };
const weighted = (id: string, weight: number): RecordChange => ({ action: 'UPSERT', record: { ...ok.record, setIdentifier: id, weight } });

describe('Route 53 change batches', () => {
  it('builds a simple record for active-passive and weighted records for active-active', () => {
    const ap = testConfig();
    expect(changeBatchFor(ap, singleActive(ap.policy, B))).toEqual([{ action: 'UPSERT', record: { name: 'api.example.com.', type: 'CNAME', ttl: 30, values: ['us-west-2.app.example.com'] } }]);
    const aa = testConfig({ policy: { mode: 'active-active', weights: { [A]: 10, [B]: 20 } } });
    const batch = changeBatchFor(aa, distribute({ [A]: 10, [B]: 20 }, [B]));
    expect(batch.map((c) => [c.record.setIdentifier, c.record.weight])).toEqual([
      [A, 0],
      [B, 30],
    ]);
  });

  it.each<[string, RecordChange[], RegExp]>([
    ['empty batch', [], /empty/],
    ['name outside the zone', [{ ...ok, record: { ...ok.record, name: 'api.example.org.' } }], /outside the hosted zone/],
    ['bad label', [{ ...ok, record: { ...ok.record, name: 'a..example.com' } }], /invalid label/],
    ['unsupported type', [{ ...ok, record: { ...ok.record, type: 'MX' as 'A' } }], /type MX/],
    ['negative TTL', [{ ...ok, record: { ...ok.record, ttl: -1 } }], /TTL -1/],
    ['fractional TTL', [{ ...ok, record: { ...ok.record, ttl: 1.5 } }], /TTL 1.5/],
    ['two CNAME values', [{ ...ok, record: { ...ok.record, values: ['a.example.com', 'b.example.com'] } }], /exactly one value/],
    ['CNAME at apex', [{ ...ok, record: { ...ok.record, name: 'example.com' } }], /apex/],
    ['bad IPv4', [{ ...ok, record: { ...ok.record, type: 'A', values: ['10.0.0.256'] } }], /not an IPv4/],
    ['bad IPv6', [{ ...ok, record: { ...ok.record, type: 'AAAA', values: ['1.2.3.4'] } }], /not an IPv6/],
    ['no values', [{ ...ok, record: { ...ok.record, values: [] } }], /no values/],
    ['weight 256', [weighted(A, 256)], /weight 256/],
    ['weight without id', [{ ...ok, record: { ...ok.record, weight: 5 } }], /SetIdentifier/],
    ['duplicate change', [ok, ok], /duplicate change/],
    ['mixed simple and weighted', [ok, weighted(A, 5)], /mixes weighted and simple/],
    ['all weights zero', [weighted(A, 0), weighted(B, 0)], /every weight is 0/],
    ['bad action', [{ ...ok, action: 'PATCH' as 'UPSERT' }], /action PATCH/],
  ])('rejects %s', (_name, batch, message) => {
    const problems = changeBatchProblems('example.com', batch);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('reports every problem at once in a ChangeBatchError', () => {
    const cfg = testConfig({ dns: { hostedZoneName: 'example.com', recordName: 'api.example.com', ttl: 30, flipMode: 'dns-update' } });
    expect(() => changeBatchFor({ ...cfg, appRegions: cfg.appRegions.map((r) => ({ ...r, recordValue: 'bad_host!' })) }, singleActive(cfg.policy, A))).toThrow(ChangeBatchError);
  });

  it('accepts every batch it builds from a valid config and traffic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 255 }), fc.subarray([A, B], { minLength: 1 }), (wa, wb, serving) => {
        const cfg = testConfig({ policy: { mode: 'active-active', weights: { [A]: wa, [B]: wb } } });
        expect(() => changeBatchFor(cfg, distribute({ [A]: wa, [B]: wb }, serving))).not.toThrow();
      }),
    );
  });
});
