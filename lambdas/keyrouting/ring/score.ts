/**
 * Weighted rendezvous (highest-random-weight) scores.
 *
 * For slot s and member m with 32-bit pair hash h, let u = (h + 1) / 2^32 in
 * (0, 1] and E = -ln(u), an Exp(1) variate. The member with the smallest
 * E / weight wins the slot, which makes P(m wins) = weight_m / total weight
 * (the minimum of independent Exp(w_i) variates). Ties, which need equal
 * scores, go to the member whose id sorts first, so every slot ranks all
 * possible members in one fixed order that does not depend on who else is in
 * the ring: that is what makes add/remove move only the affected member's
 * slots.
 *
 * The logarithm is computed here with + - * / only. Those are correctly
 * rounded IEEE-754 operations on every platform, whereas `Math.log` is only
 * "implementation-approximated" by the spec and may differ in the last bit
 * between engines; one such bit could flip a near-tie and put a slot on a
 * different member in a ring rebuilt elsewhere.
 */

import * as hash from './hash';

// Imported functions are re-bound to module-local constants because tsx's
// CommonJS interop exposes exports through getters, and V8 does not inline a
// getter call in the build's inner loop (measured: ~8x slower build).
const avalanche32i = hash.avalanche32i;

// Module-local bindings of globals, for speed under vm sandboxes (see hash.ts).
const clz32 = Math.clz32;
const imul = Math.imul;

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;
const TWO_POW_32 = 4294967296;
/** -ln(2^-32): the score of the smallest possible u. */
const LN_2_POW_32 = 32 * LN2;

/**
 * Natural logarithm of an integer x in [1, 2^32], deterministic across
 * platforms. Accurate to a few ulps, which keeps it strictly increasing over
 * integers (neighbouring values differ by ~1/x >= 2^-32, far above the error).
 */
export function detLnUint(x: number): number {
  if (x >= TWO_POW_32) return LN_2_POW_32;
  let k = 31 - clz32(x);
  // Scaling by a power of two is exact.
  let m = x / 2 ** k;
  if (m > SQRT2) {
    m /= 2;
    k += 1;
  }
  // ln(m) = 2 atanh(t) with t = (m-1)/(m+1), |t| <= 0.1716, so t^2 <= 0.0295
  // and 12 odd terms reach below 1e-17.
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let p = 1 / 25;
  p = p * t2 + 1 / 23;
  p = p * t2 + 1 / 21;
  p = p * t2 + 1 / 19;
  p = p * t2 + 1 / 17;
  p = p * t2 + 1 / 15;
  p = p * t2 + 1 / 13;
  p = p * t2 + 1 / 11;
  p = p * t2 + 1 / 9;
  p = p * t2 + 1 / 7;
  p = p * t2 + 1 / 5;
  p = p * t2 + 1 / 3;
  p = p * t2 + 1;
  return k * LN2 + 2 * t * p;
}

/** Exp(1) variate E = -ln((h + 1) / 2^32) for an unsigned 32-bit hash h. */
export function expVariate(h: number): number {
  return LN_2_POW_32 - detLnUint(h + 1);
}

/**
 * Per-slot hash input (32 bits, as int32): avalanche((slot * 0x9E3779B1 xor
 * seed) + 0x7F4A7C15) mod 2^32. Derived from the ring seed so different seeds
 * give unrelated rings.
 */
export function slotHash(slot: number, seed: number): number {
  return avalanche32i((imul(slot, 0x9e3779b1) ^ seed) + 0x7f4a7c15);
}

/**
 * Pair hash for (slot, member) as an "order key": the unsigned 32-bit hash
 * with its sign bit flipped, read as a signed int32. Comparing keys with
 * `<`/`>` orders them exactly like the unsigned hashes, but the values stay
 * small integers that V8 keeps unboxed (see avalanche32i). Within one weight a
 * higher key ranks first.
 */
export function pairOrderKey(slotH: number, memberH: number): number {
  return avalanche32i(slotH ^ memberH) ^ -0x80000000;
}

/** Rendezvous score of a pair order key for a member of `weight`: smaller ranks first. */
export function weightedScore(orderKey: number, weight: number): number {
  return expVariate((orderKey ^ -0x80000000) >>> 0) / weight;
}
