import { RingQueryError, createRing, hashString } from '../../../lambdas/keyrouting/ring';
import { equalMembers } from './fixtures';

const ring = createRing(
  [
    { id: 'eu-west-1', weight: 1 },
    { id: 'us-east-1', weight: 2 },
    { id: 'ap-south-1', weight: 1 },
  ],
  { slotCount: 1024, seed: 7 },
);

describe('Ring queries', () => {
  it('looks a key up through its slot: hash(key) & (slotCount - 1)', () => {
    for (const key of ['a', 'tenant-1/order-9', 'ключ', '']) {
      const slot = hashString(key, 7) & 1023;
      expect(ring.slotOf(key)).toBe(slot);
      expect(ring.lookup(key)).toBe(ring.ownerOfSlot(slot));
    }
  });

  it('reports membership, capacities and table size', () => {
    expect(ring.has('us-east-1')).toBe(true);
    expect(ring.has('us-west-2')).toBe(false);
    // fair share of us-east-1 is 1024 * 2/4 = 512; default epsilon 0.015 -> ceil(519.68)
    expect(ring.capacityOf('us-east-1')).toBe(520);
    expect(ring.tableBytes).toBe(2048);
    expect([...ring.slotLoads().values()].reduce((a, b) => a + b, 0)).toBe(1024);
  });

  it.each<[string, () => unknown, string]>([
    ['slot out of range', () => ring.ownerOfSlot(1024), 'slot must be an integer in [0, 1024) (got 1024)'],
    ['fractional slot', () => ring.ownerOfSlot(1.5), 'slot must be an integer in [0, 1024) (got 1.5)'],
    ['zero-length preference list', () => ring.preferenceList('k', 0), 'preference list length must be a positive integer (got 0)'],
    ['fractional preference list', () => ring.preferenceList('k', 2.5), 'preference list length must be a positive integer (got 2.5)'],
    ['capacity of a non-member', () => ring.capacityOf('nope'), '"nope" is not a member of the ring'],
  ])('rejects a bad query: %s', (_name, query, message) => {
    expect(query).toThrow(RingQueryError);
    expect(query).toThrow(message);
  });

  it('names its errors', () => {
    expect(() => ring.ownerOfSlot(-1)).toThrow(expect.objectContaining({ name: 'RingQueryError' }));
  });

  it('clamps a preference list longer than the ring to all members', () => {
    expect(ring.preferenceList('k', 10)).toHaveLength(3);
  });

  it('orders any candidate subset like the full preference list, ignoring non-members', () => {
    const full = ring.preferenceList('some-key');
    expect(ring.preferenceAmong('some-key', ['ap-south-1', 'eu-west-1', 'nope'])).toEqual(full.filter((id) => id === 'ap-south-1' || id === 'eu-west-1'));
    expect(ring.preferenceAmong('some-key', [])).toEqual([]);
  });

  it('works with a single member', () => {
    const solo = createRing(equalMembers(1), { slotCount: 16 });
    expect(solo.lookup('anything')).toBe('m0');
    expect(solo.preferenceList('anything')).toEqual(['m0']);
    expect(solo.displacedSlots).toBe(0);
  });

  it('gives a member with a tiny weight at least a slot only if its fair share allows', () => {
    const r = createRing(
      [
        { id: 'big', weight: 1000 },
        { id: 'tiny', weight: 0.001 },
      ],
      { slotCount: 1024, epsilon: 0.5 },
    );
    // fair share of tiny is ~0.001 slot; its cap is ceil(1.5 * 0.001) = 1
    expect(r.capacityOf('tiny')).toBe(1);
    expect(r.slotLoads().get('tiny')).toBeLessThanOrEqual(1);
  });
});
