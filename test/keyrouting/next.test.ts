/** nextRouteTable: versioning, no-op detection, validation, and what reads do with health changes. */
import fc from 'fast-check';
import { createRing, describeRing, DEFAULT_EPSILON, type Member } from '../../lambdas/keyrouting/ring';
import { RouteTableInputError } from '../../lambdas/keyrouting/errors';
import { nextRouteTable } from '../../lambdas/keyrouting/next';
import { compileRouteTable } from '../../lambdas/keyrouting/snapshot';
import { ROUTING_DEFAULT_SLOT_COUNT, parseRouteTable, type RouteTable } from '../../lambdas/keyrouting/table';
import { SLOTS, arbKeys, arbMembers, change, firstTable } from './fixtures';

const TWO: Member[] = [
  { id: 'us-west-2', weight: 1 },
  { id: 'us-east-1', weight: 1 },
];

function reads(table: RouteTable, keys: readonly string[]): string[] {
  const snap = compileRouteTable(table);
  return keys.map((k) => snap.route(k, 'read').target);
}

describe('nextRouteTable: first table', () => {
  it('starts at version 1 with sorted members and healthy ids, and a ring over all members', () => {
    const t = nextRouteTable(undefined, { members: TWO, primary: 'us-east-1', healthy: ['us-west-2', 'us-east-1', 'us-west-2'], at: 5, by: 'ctl', reason: 'boot' });
    expect(t).toMatchObject({ version: 1, primary: 'us-east-1', healthy: ['us-east-1', 'us-west-2'], updatedAt: 5, updatedBy: 'ctl', reason: 'boot' });
    expect(t.members.map((m) => m.id)).toEqual(['us-east-1', 'us-west-2']);
    expect(t.ring).toMatchObject({ slotCount: ROUTING_DEFAULT_SLOT_COUNT, epsilon: DEFAULT_EPSILON, seed: 0, members: t.members });
    expect(t.ring.fingerprint).toBe(createRing(TWO, { slotCount: ROUTING_DEFAULT_SLOT_COUNT }).fingerprint());
    expect(parseRouteTable(JSON.parse(JSON.stringify(t)))).toEqual(t);
  });

  it('keeps the ring when only health or the primary changes, rebuilds it when weights or epsilon change', () => {
    const t1 = firstTable(TWO);
    const t2 = nextRouteTable(t1, change(undefined, 'us-west-2', ['us-west-2']));
    expect(t2.version).toBe(2);
    expect(t2.ring).toBe(t1.ring);
    const t3 = nextRouteTable(t2, change([{ id: 'us-east-1', weight: 3 }, TWO[0]!], 'us-west-2', ['us-west-2']));
    expect(t3.version).toBe(3);
    expect(t3.ring.fingerprint).not.toBe(t2.ring.fingerprint);
    const t4 = nextRouteTable(t3, change(undefined, 'us-west-2', ['us-west-2'], { ring: { epsilon: 0.5 } }));
    expect(t4).toMatchObject({ version: 4, ring: { epsilon: 0.5, slotCount: SLOTS } });
  });
});

describe('nextRouteTable: bad input is reported all at once', () => {
  const problemsOf = (fn: () => unknown): readonly string[] => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(RouteTableInputError);
      return (err as RouteTableInputError).problems;
    }
    throw new Error('expected RouteTableInputError');
  };

  it('an empty member list, zero/negative weights, duplicates, absurd epsilon', () => {
    expect(problemsOf(() => nextRouteTable(undefined, change([], 'a', [])))).toEqual(expect.arrayContaining(['member list is empty']));
    const problems = problemsOf(() =>
      nextRouteTable(
        undefined,
        change(
          [
            { id: 'a', weight: 0 },
            { id: 'b', weight: -1 },
            { id: 'c', weight: 1 },
            { id: 'c', weight: 1 },
          ],
          'c',
          ['c'],
          { ring: { slotCount: SLOTS, epsilon: 1e9 } },
        ),
      ),
    );
    expect(problems.join('\n')).toMatch(/member "a": weight must be a finite number > 0 \(got 0\)/);
    expect(problems.join('\n')).toMatch(/member "b": weight must be a finite number > 0 \(got -1\)/);
    expect(problems.join('\n')).toMatch(/duplicate member id "c"/);
    expect(problems.join('\n')).toMatch(/epsilon must be a finite number in \(0, 10\] \(got 1000000000\)/);
  });

  it('a primary or healthy id that is not a member, a first table without members, bad metadata', () => {
    const problems = problemsOf(() => nextRouteTable(undefined, { primary: 'x', healthy: ['y'], at: Number.NaN, by: 'b', reason: 'r' }));
    expect(problems).toEqual(['at must be a finite number of wall-clock ms (got NaN)', 'members are required for the first routing table']);
    const t = firstTable(TWO);
    expect(problemsOf(() => nextRouteTable(t, change(undefined, 'eu-west-1', ['us-east-1', 'ghost'])))).toEqual([
      'primary "eu-west-1" is not a member (members: us-east-1, us-west-2)',
      'healthy names non-members: "ghost"',
    ]);
  });
});

describe('nextRouteTable: properties', () => {
  it('version grows by exactly 1 per real change and the table is returned as is otherwise', () => {
    const arbStep = fc.record({ primary: fc.nat(), healthyMask: fc.nat(63), reweigh: fc.option(fc.record({ member: fc.nat(), weight: fc.integer({ min: 1, max: 3 }) })) });
    fc.assert(
      fc.property(arbMembers(), fc.array(arbStep, { maxLength: 12 }), (members, steps) => {
        const ids = members.map((m) => m.id);
        let table = firstTable(members);
        for (const step of steps) {
          const primary = ids[step.primary % ids.length]!;
          const healthy = ids.filter((_, i) => (step.healthyMask >> i) & 1);
          const r = step.reweigh;
          const weights = r ? table.members.map((m, i) => (i === r.member % ids.length ? { id: m.id, weight: r.weight } : m)) : undefined;
          const next = nextRouteTable(table, change(weights, primary, healthy));
          const changed =
            primary !== table.primary ||
            healthy.length !== table.healthy.length ||
            healthy.some((h) => !table.healthy.includes(h)) ||
            (weights ?? table.members).some((m, i) => m.weight !== table.members[i]!.weight);
          if (changed) expect(next.version).toBe(table.version + 1);
          else expect(next).toBe(table);
          table = next;
        }
      }),
      { numRuns: 100 },
    );
  });

  it('reads never go to an unhealthy member while any member is healthy; fallbacks are the other healthy members', () => {
    fc.assert(
      fc.property(arbMembers(), fc.nat(63), arbKeys, (members, mask, keys) => {
        const ids = members.map((m) => m.id);
        const healthy = ids.filter((_, i) => (mask >> i) & 1);
        fc.pre(healthy.length > 0);
        const snap = compileRouteTable(nextRouteTable(undefined, change(members, ids[0]!, healthy)));
        for (const key of keys) {
          const { target, fallbacks } = snap.route(key, 'read');
          expect([target, ...fallbacks].sort()).toEqual([...healthy].sort());
          expect(snap.route(key, 'write')).toMatchObject({ target: ids[0], fallbacks: [] });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('marking a member unhealthy moves only its own keys, and recovery moves exactly them back', () => {
    fc.assert(
      fc.property(arbMembers(2), fc.nat(), arbKeys, (members, pick, keys) => {
        const ids = members.map((m) => m.id);
        const failed = ids[pick % ids.length]!;
        const all = firstTable(members);
        const down = nextRouteTable(
          all,
          change(
            undefined,
            all.primary,
            ids.filter((id) => id !== failed),
          ),
        );
        const up = nextRouteTable(down, change(undefined, all.primary, ids));
        const before = reads(all, keys);
        const during = reads(down, keys);
        before.forEach((owner, i) => {
          if (owner === failed) expect(during[i]).not.toBe(failed);
          else expect(during[i]).toBe(owner);
        });
        expect(reads(up, keys)).toEqual(before);
        expect(up.version).toBe(all.version + 2);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same inputs in any order give the same table, and independent compiles answer alike', () => {
    fc.assert(
      fc.property(arbMembers(), fc.nat(63), arbKeys, (members, mask, keys) => {
        const ids = members.map((m) => m.id);
        const healthy = ids.filter((_, i) => ((mask | 1) >> i) & 1);
        const a = nextRouteTable(undefined, change(members, ids[0]!, healthy));
        const b = nextRouteTable(undefined, change([...members].reverse(), ids[0]!, [...healthy].reverse()));
        expect(b).toEqual(a);
        const s1 = compileRouteTable(a);
        const s2 = compileRouteTable(parseRouteTable(JSON.parse(JSON.stringify(b))));
        for (const key of keys) expect(s2.route(key, 'read')).toEqual(s1.route(key, 'read'));
      }),
      { numRuns: 60 },
    );
  });

  it('the stored ring description rebuilds to the fingerprint of a directly built ring', () => {
    fc.assert(
      fc.property(arbMembers(), (members) => {
        const t = firstTable(members);
        expect(t.ring).toEqual(describeRing(createRing(members, { slotCount: SLOTS })));
      }),
      { numRuns: 30 },
    );
  });
});
