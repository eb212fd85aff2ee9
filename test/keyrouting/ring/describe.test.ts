import { RING_ALGORITHM, RING_ALGORITHM_VERSION, RingConfigError, RingFingerprintError, createRing, describeRing, ringFromDescription } from '../../../lambdas/keyrouting/ring';

const ring = createRing(
  [
    { id: 'b', weight: 2 },
    { id: 'a', weight: 1 },
  ],
  { slotCount: 256, epsilon: 0.1, seed: 99 },
);
const description = describeRing(ring);

describe('ring description', () => {
  it('carries everything needed to rebuild the ring, as plain JSON', () => {
    expect(description).toEqual({
      algorithm: RING_ALGORITHM,
      version: RING_ALGORITHM_VERSION,
      hash: 'xxh32-utf8',
      slotCount: 256,
      epsilon: 0.1,
      seed: 99,
      members: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
      ],
      fingerprint: ring.fingerprint(),
    });
    const rebuilt = ringFromDescription(JSON.parse(JSON.stringify(description)));
    expect(rebuilt.fingerprint()).toBe(ring.fingerprint());
    expect(rebuilt.config).toEqual(ring.config);
  });

  it('refuses another algorithm, version or hash, listing each', () => {
    const bad = { ...description, algorithm: 'maglev', version: 2, hash: 'md5' };
    expect(() => ringFromDescription(bad)).toThrow(RingConfigError);
    try {
      ringFromDescription(bad);
    } catch (err) {
      expect((err as RingConfigError).problems).toEqual([`algorithm must be "${RING_ALGORITHM}" (got "maglev")`, 'version must be 1 (got 2)', 'hash must be "xxh32-utf8" (got "md5")']);
    }
  });

  it('reports header and member problems together', () => {
    const bad = { ...description, fingerprint: 'xyz', members: [{ id: 'a', weight: -1 }] };
    try {
      ringFromDescription(bad);
      throw new Error('expected a RingConfigError');
    } catch (err) {
      expect((err as RingConfigError).problems).toEqual(['fingerprint must be 8 lowercase hex digits', 'member "a": weight must be a finite number > 0 (got -1)']);
    }
  });

  it.each([null, 'ring', [1, 2], 42])('refuses a non-object description (%j)', (value) => {
    expect(() => ringFromDescription(value)).toThrow(new RingConfigError(['ring description must be an object']));
  });

  it('detects a rebuild that differs from the described ring', () => {
    const tampered = {
      ...description,
      members: [
        { id: 'a', weight: 2 },
        { id: 'b', weight: 1 },
      ],
    };
    const rebuild = () => ringFromDescription(tampered);
    expect(rebuild).toThrow(RingFingerprintError);
    try {
      rebuild();
    } catch (err) {
      expect(err).toMatchObject({ name: 'RingFingerprintError', expected: description.fingerprint });
    }
  });
});
