import * as fc from 'fast-check';
import { eligibleRecords, recordHealthy, RecordGroupError, selectRecord, type RecordSetView } from '../../../../local/route53/rules';

const rec = (id: string, extra: Partial<RecordSetView>): RecordSetView => ({
  name: 'api.example.com.',
  type: 'CNAME',
  ttl: 60,
  values: [`${id}.example.net`],
  setIdentifier: id,
  healthCheckId: `hc-${id}`,
  ...extra,
});
const health = (map: Record<string, boolean>) => (id: string) => map[id] ?? true;

describe('failover records', () => {
  const primary = rec('p', { failover: 'PRIMARY' });
  const secondary = rec('s', { failover: 'SECONDARY' });
  const pick = (p: boolean, s: boolean) => selectRecord([primary, secondary], health({ 'hc-p': p, 'hc-s': s }), 0)?.setIdentifier;

  it('answer with the primary while it is healthy', () => {
    expect(pick(true, true)).toBe('p');
    expect(pick(true, false)).toBe('p');
  });

  it('answer with the secondary when the primary is unhealthy and the secondary healthy', () => {
    expect(pick(false, true)).toBe('s');
  });

  it('answer with the primary when both are unhealthy', () => {
    expect(pick(false, false)).toBe('p');
  });

  it('use a secondary without a health check whenever the primary is unhealthy', () => {
    const bare = rec('s', { failover: 'SECONDARY', healthCheckId: undefined });
    expect(selectRecord([primary, bare], health({ 'hc-p': false }), 0)?.setIdentifier).toBe('s');
  });
});

describe('weighted records', () => {
  it('split in proportion to weight among healthy records', () => {
    const group = [rec('a', { weight: 1 }), rec('b', { weight: 3 })];
    const counts = { a: 0, b: 0 };
    for (let k = 0; k < 4; k++) counts[selectRecord(group, health({}), (k + 0.5) / 4)?.setIdentifier as 'a' | 'b'] += 1;
    expect(counts).toEqual({ a: 1, b: 3 });
  });

  it('skip unhealthy records', () => {
    const group = [rec('a', { weight: 1 }), rec('b', { weight: 3 })];
    for (const r of [0, 0.3, 0.99]) expect(selectRecord(group, health({ 'hc-b': false }), r)?.setIdentifier).toBe('a');
  });

  it('use weight-0 records only when every non-zero record is unhealthy', () => {
    const group = [rec('a', { weight: 2 }), rec('zero', { weight: 0 })];
    expect(selectRecord(group, health({}), 0.99)?.setIdentifier).toBe('a');
    expect(selectRecord(group, health({ 'hc-a': false }), 0.1)?.setIdentifier).toBe('zero');
  });

  it('treat all records as healthy when none is', () => {
    const group = [rec('a', { weight: 1 }), rec('b', { weight: 1 })];
    const down = health({ 'hc-a': false, 'hc-b': false });
    expect([selectRecord(group, down, 0.25)?.setIdentifier, selectRecord(group, down, 0.75)?.setIdentifier]).toEqual(['a', 'b']);
  });

  it('split equally when every weight is 0', () => {
    const group = [rec('a', { weight: 0 }), rec('b', { weight: 0 })];
    expect([selectRecord(group, health({}), 0.25)?.setIdentifier, selectRecord(group, health({}), 0.75)?.setIdentifier]).toEqual(['a', 'b']);
  });
});

describe('simple records', () => {
  it('answer with the record set, health check or not', () => {
    const simple: RecordSetView = { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] };
    expect(selectRecord([simple], health({}), 0)).toBe(simple);
  });

  it('refuse two simple record sets for one name and type', () => {
    const simple: RecordSetView = { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] };
    expect(() => selectRecord([simple, simple], health({}), 0)).toThrow(RecordGroupError);
  });
});

const weightedGroup = fc
  .array(fc.record({ weight: fc.integer({ min: 0, max: 255 }), checked: fc.boolean(), up: fc.boolean() }), { minLength: 1, maxLength: 8 })
  .map((specs) => specs.map((s, i) => ({ record: rec(`r${i}`, { weight: s.weight, ...(s.checked ? {} : { healthCheckId: undefined }) }), up: s.up })));

describe('record selection properties', () => {
  it('never answers with an unhealthy record while a healthy one exists', () => {
    fc.assert(
      fc.property(weightedGroup, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (specs, random) => {
        const map = Object.fromEntries(specs.map((s) => [`hc-${s.record.setIdentifier}`, s.up]));
        const group = specs.map((s) => s.record);
        const chosen = selectRecord(group, health(map), random);
        expect(chosen).toBeDefined();
        if (group.some((r) => recordHealthy(r, health(map)))) expect(recordHealthy(chosen!, health(map))).toBe(true);
        if (group.some((r) => (r.weight ?? 0) > 0 && recordHealthy(r, health(map)))) expect(chosen!.weight).toBeGreaterThan(0);
      }),
    );
  });

  it('chooses each healthy non-zero record exactly `weight` times over an even grid of the random input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), (weights) => {
        const group = weights.map((weight, i) => rec(`r${i}`, { weight }));
        const total = weights.reduce((a, b) => a + b, 0);
        const counts = new Map<string, number>();
        for (let k = 0; k < total; k++) {
          const id = selectRecord(group, health({}), (k + 0.5) / total)?.setIdentifier ?? '';
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        weights.forEach((w, i) => expect(counts.get(`r${i}`)).toBe(w));
      }),
    );
  });

  it('answers with a failover secondary exactly when the primary is unhealthy and the secondary healthy', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (p, s) => {
        const chosen = selectRecord([rec('p', { failover: 'PRIMARY' }), rec('s', { failover: 'SECONDARY' })], health({ 'hc-p': p, 'hc-s': s }), 0);
        expect(chosen?.setIdentifier === 's').toBe(!p && s);
      }),
    );
  });
});

describe('the records a query may get now (eligibleRecords)', () => {
  it('is the one chosen record for failover and simple groups', () => {
    const primary = rec('p', { failover: 'PRIMARY' });
    const secondary = rec('s', { failover: 'SECONDARY' });
    expect(eligibleRecords([primary, secondary], health({})).map((r) => r.setIdentifier)).toEqual(['p']);
    expect(eligibleRecords([primary, secondary], health({ 'hc-p': false })).map((r) => r.setIdentifier)).toEqual(['s']);
    const simple = rec('x', { setIdentifier: undefined, healthCheckId: undefined });
    expect(eligibleRecords([simple], health({}))).toEqual([simple]);
    expect(eligibleRecords([], health({}))).toEqual([]);
  });

  it('is exactly the set of weighted records some random draw picks', () => {
    fc.assert(
      fc.property(weightedGroup, (specs) => {
        const healthy = health(Object.fromEntries(specs.map((s) => [`hc-${s.record.setIdentifier}`, s.up])));
        const group = specs.map((s) => s.record);
        // Weights are integers, so an even grid over the total (or over the pool, when all are 0) hits every pick.
        const steps =
          Math.max(
            group.length,
            group.reduce((a, r) => a + (r.weight ?? 0), 0),
          ) * group.length;
        const picked = new Set<string>();
        for (let k = 0; k < steps; k++) picked.add(selectRecord(group, healthy, (k + 0.5) / steps)?.setIdentifier ?? '');
        expect(new Set(eligibleRecords(group, healthy).map((r) => r.setIdentifier))).toEqual(picked);
      }),
    );
  });
});
