/**
 * Pinned vectors: any process, platform or port must rebuild these rings to
 * the same fingerprint and route these keys to the same members. A failure
 * here means keys would move between deploys: bump RING_ALGORITHM_VERSION
 * rather than edit the vectors.
 */
import { ringFromDescription } from '../../../lambdas/keyrouting/ring';
import vectors from './vectors.json';

describe.each(vectors.rings.map((r) => [r.name, r] as const))('pinned ring %s', (_name, v) => {
  const ring = ringFromDescription(v.description);

  it('rebuilds to the pinned fingerprint, slot loads and load-bound displacement', () => {
    expect(ring.fingerprint()).toBe(v.description.fingerprint);
    expect(Object.fromEntries(ring.slotLoads())).toEqual(v.slotLoads);
    expect(ring.displacedSlots).toBe(v.displacedSlots);
  });

  it('routes every pinned key to the pinned owner', () => {
    const actual = Object.fromEntries(Object.keys(v.lookups).map((k) => [k, ring.lookup(k)]));
    expect(actual).toEqual(v.lookups);
  });

  it('gives the pinned preference lists', () => {
    const actual = Object.fromEntries(Object.keys(v.preferenceLists).map((k) => [k, ring.preferenceList(k)]));
    expect(actual).toEqual(v.preferenceLists);
  });
});
