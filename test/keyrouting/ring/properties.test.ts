import fc from 'fast-check';
import { createRing, describeRing, ringFromDescription, type Member } from '../../../lambdas/keyrouting/ring';
import { SLOTS, arbMembers, arbSeed, fairShare, owners } from './fixtures';

/** epsilon at which the load bound cannot bind for these sizes: isolates the pure rendezvous behaviour. */
const UNCAPPED = 10;

/** Tolerance for a slot count that should be Binomial(slots, p): 5 standard deviations plus rounding. */
function binomialTolerance(slots: number, p: number): number {
  return 5 * Math.sqrt(slots * p * (1 - p)) + 1;
}

const newMember = fc.record({ id: fc.constant('\u{10FFFF}-new'), weight: fc.double({ min: 0.1, max: 10, noNaN: true }) });

describe('minimal disruption', () => {
  it('adding a member moves slots only to that member, about its weight share of them', () => {
    fc.assert(
      fc.property(arbMembers(1, 30), newMember, arbSeed, (members, added, seed) => {
        const options = { slotCount: SLOTS, epsilon: UNCAPPED, seed };
        const before = createRing(members, options);
        const after = createRing([...members, added], options);
        expect(before.displacedSlots + after.displacedSlots).toBe(0);
        const a = owners(before);
        const b = owners(after);
        const moved = a.filter((o, s) => o !== b[s]);
        // One expect per run, not per slot: Jest's expect costs ~0.1 ms a call.
        expect(b.filter((o, s) => o !== a[s] && o !== added.id)).toEqual([]);
        const share = fairShare(after, added.id) / SLOTS;
        expect(Math.abs(moved.length - SLOTS * share)).toBeLessThanOrEqual(binomialTolerance(SLOTS, share));
      }),
      { numRuns: 60 },
    );
  });

  it('removing a member moves only the slots it owned, to the other members', () => {
    fc.assert(
      fc.property(arbMembers(2, 30), fc.nat(), arbSeed, (members, pick, seed) => {
        const options = { slotCount: SLOTS, epsilon: UNCAPPED, seed };
        const removed = members[pick % members.length]!;
        const before = createRing(members, options);
        const after = createRing(
          members.filter((m) => m.id !== removed.id),
          options,
        );
        const a = owners(before);
        const b = owners(after);
        const wrong = a.filter((o, s) => (o === removed.id ? b[s] === removed.id : b[s] !== o));
        expect(wrong).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('with the load bound active, slots that move elsewhere are only ones the bound displaced', () => {
    // A capped member sheds or takes back its lowest-scoring slots when its
    // fair share changes; those are the only "stray" moves, and each is a
    // displaced slot in one of the two rings.
    fc.assert(
      fc.property(arbMembers(2, 20), newMember, arbSeed, fc.double({ min: 0.01, max: 0.2, noNaN: true }), (members, added, seed, epsilon) => {
        const options = { slotCount: SLOTS, epsilon, seed };
        const before = createRing(members, options);
        const after = createRing([...members, added], options);
        const a = owners(before);
        const b = owners(after);
        let stray = 0;
        for (let s = 0; s < SLOTS; s++) if (a[s] !== b[s] && b[s] !== added.id) stray += 1;
        expect(stray).toBeLessThanOrEqual(before.displacedSlots + after.displacedSlots);
      }),
      { numRuns: 60 },
    );
  });

  it('at the default settings and 100 members, one add or remove moves at most 1.1x the ideal share', () => {
    const members: Member[] = Array.from({ length: 100 }, (_, i) => ({ id: `cell-${i}`, weight: 1 }));
    const base = owners(createRing(members));
    const slots = base.length;
    const added = owners(createRing([...members, { id: 'cell-new', weight: 1 }]));
    const removed = owners(createRing(members.filter((m) => m.id !== 'cell-42')));
    const movedAdd = base.filter((o, s) => o !== added[s]).length / slots;
    const movedRemove = base.filter((o, s) => o !== removed[s]).length / slots;
    expect(movedAdd / (1 / 101)).toBeLessThanOrEqual(1.1);
    expect(movedRemove / (1 / 100)).toBeLessThanOrEqual(1.1);
    expect(movedAdd / (1 / 101)).toBeGreaterThanOrEqual(0.9);
    expect(movedRemove / (1 / 100)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('bounded load', () => {
  it('no member owns more than ceil((1 + epsilon) * fair share) slots, for any members, seed and epsilon', () => {
    fc.assert(
      fc.property(arbMembers(1, 40), arbSeed, fc.double({ min: 0.001, max: 2, noNaN: true }), (members, seed, epsilon) => {
        const ring = createRing(members, { slotCount: SLOTS, epsilon, seed });
        let total = 0;
        for (const [id, load] of ring.slotLoads()) {
          total += load;
          expect(load).toBeLessThanOrEqual(Math.ceil((1 + epsilon) * fairShare(ring, id) * (1 + 1e-12)));
          expect(load).toBeLessThanOrEqual(ring.capacityOf(id));
        }
        expect(total).toBe(SLOTS);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the peak-to-mean slot load of 50 equal members within epsilon over many seeds', () => {
    const members = Array.from({ length: 50 }, (_, i) => ({ id: `cell-${i}`, weight: 1 }));
    for (let seed = 0; seed < 20; seed++) {
      const ring = createRing(members, { slotCount: 16384, epsilon: 0.02, seed });
      const peak = Math.max(...ring.slotLoads().values());
      expect(peak).toBeLessThanOrEqual(Math.ceil(1.02 * (16384 / 50)));
    }
  });
});

describe('weights', () => {
  it('gives each member about its weight share of the slots', () => {
    fc.assert(
      fc.property(arbMembers(2, 8), arbSeed, (members, seed) => {
        const ring = createRing(members, { slotCount: 16384, epsilon: UNCAPPED, seed });
        for (const [id, load] of ring.slotLoads()) {
          const fair = fairShare(ring, id);
          expect(Math.abs(load - fair)).toBeLessThanOrEqual(binomialTolerance(16384, fair / 16384));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('doubling one weight roughly doubles its share', () => {
    const members = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
      { id: 'c', weight: 2 },
    ];
    const loads = createRing(members, { slotCount: 65536 }).slotLoads();
    expect(loads.get('c')! / loads.get('a')!).toBeGreaterThan(1.9);
    expect(loads.get('c')! / loads.get('a')!).toBeLessThan(2.1);
  });
});

describe('determinism', () => {
  it('builds the identical ring twice, from any input order, and from its description', () => {
    fc.assert(
      fc.property(arbMembers(1, 15), arbSeed, fc.array(fc.string(), { maxLength: 10 }), (members, seed, keys) => {
        const options = { slotCount: SLOTS, epsilon: 0.05, seed };
        const ring = createRing(members, options);
        const again = createRing([...members].reverse(), options);
        const rebuilt = ringFromDescription(JSON.parse(JSON.stringify(describeRing(ring))));
        expect(again.fingerprint()).toBe(ring.fingerprint());
        expect(rebuilt.fingerprint()).toBe(ring.fingerprint());
        for (const k of keys) {
          expect(again.lookup(k)).toBe(ring.lookup(k));
          expect(rebuilt.preferenceList(k)).toEqual(ring.preferenceList(k));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives unrelated placements for different seeds', () => {
    const members = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, weight: 1 }));
    const a = owners(createRing(members, { slotCount: SLOTS, seed: 1 }));
    const b = owners(createRing(members, { slotCount: SLOTS, seed: 2 }));
    const same = a.filter((o, s) => o === b[s]).length / SLOTS;
    expect(same).toBeGreaterThan(0.05);
    expect(same).toBeLessThan(0.15);
  });
});

describe('preference lists', () => {
  it('are distinct, start with the owner, and each shorter list is a prefix of the full one', () => {
    fc.assert(
      fc.property(arbMembers(1, 25), arbSeed, fc.string(), fc.integer({ min: 1, max: 30 }), (members, seed, key, count) => {
        const ring = createRing(members, { slotCount: SLOTS, epsilon: 0.05, seed });
        const full = ring.preferenceList(key);
        const list = ring.preferenceList(key, count);
        expect(new Set(full).size).toBe(members.length);
        expect(new Set(full)).toEqual(new Set(members.map((m) => m.id)));
        expect(list[0]).toBe(ring.lookup(key));
        expect(list).toEqual(full.slice(0, Math.min(count, members.length)));
      }),
      { numRuns: 100 },
    );
  });

  it('lose only the removed member when one member leaves, keeping the others in order', () => {
    fc.assert(
      fc.property(arbMembers(3, 20), fc.nat(), arbSeed, fc.string(), (members, pick, seed, key) => {
        const options = { slotCount: SLOTS, epsilon: UNCAPPED, seed };
        const removed = members[pick % members.length]!.id;
        const before = createRing(members, options).preferenceList(key);
        const after = createRing(
          members.filter((m) => m.id !== removed),
          options,
        ).preferenceList(key);
        expect(after).toEqual(before.filter((id) => id !== removed));
      }),
      { numRuns: 50 },
    );
  });
});
