import fc from 'fast-check';
import { hashString, xxh32Bytes } from '../../../lambdas/keyrouting/ring';
import { detLnUint, expVariate } from '../../../lambdas/keyrouting/ring/score';
import vectors from './vectors.json';

const hex = (h: number): string => h.toString(16).padStart(8, '0');
const viaBuffer = (s: string, seed: number): number => {
  const bytes = Buffer.from(s, 'utf8');
  return xxh32Bytes(bytes, bytes.length, seed);
};

describe('xxHash32', () => {
  it.each(vectors.xxh32Reference.vectors.map((v) => [v.input, v.seed, v.hash] as const))('matches the published vector for %j (seed %i)', (input, seed, expected) => {
    expect(hex(hashString(input, seed))).toBe(expected);
    expect(hex(viaBuffer(input, seed))).toBe(expected);
  });

  it.each(vectors.xxh32Pinned.vectors.map((v) => [v.input.slice(0, 40), v.input, v.seed, v.hash] as const))('matches the pinned non-ASCII vector for %j', (_label, input, seed, expected) => {
    expect(hex(hashString(input, seed))).toBe(expected);
    expect(hex(viaBuffer(input, seed))).toBe(expected);
  });

  it('hashes exactly the UTF-8 bytes Node produces, for any string (ASCII fast path and encoder agree)', () => {
    const anyString = fc.oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }), // includes lone surrogates
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        expect(hashString(s, seed)).toBe(viaBuffer(s, seed));
      }),
      { numRuns: 200 },
    );
  });

  it('handles strings longer than the scratch buffer', () => {
    for (const s of ['é'.repeat(5000), 'a'.repeat(100_000) + '🚀']) {
      expect(hashString(s, 3)).toBe(viaBuffer(s, 3));
    }
  });

  it('returns unsigned 32-bit integers', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const h = hashString(s, 0);
        expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
      }),
    );
  });
});

describe('deterministic logarithm', () => {
  it('agrees with Math.log to ~1e-15 over [1, 2^32]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 }), (x) => {
        expect(Math.abs(detLnUint(x) - Math.log(x))).toBeLessThanOrEqual(4e-15 * Math.max(1, Math.log(x)));
      }),
      { numRuns: 2000 },
    );
  });

  it('is strictly increasing between neighbouring integers, so scores never tie where hashes differ', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 - 1 }), (x) => {
        expect(detLnUint(x + 1)).toBeGreaterThan(detLnUint(x));
      }),
      { numRuns: 2000 },
    );
    for (let k = 1; k < 32; k++) expect(detLnUint(2 ** k)).toBeGreaterThan(detLnUint(2 ** k - 1));
  });

  it('maps hashes to Exp(1) variates: 0 for the top hash, ~22.18 for the bottom, mean ~1', () => {
    expect(expVariate(0xffffffff)).toBe(0);
    expect(expVariate(0)).toBeCloseTo(32 * Math.LN2, 12);
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) sum += expVariate(hashString(`u${i}`, 9));
    expect(sum / n).toBeGreaterThan(0.97);
    expect(sum / n).toBeLessThan(1.03);
  });
});
