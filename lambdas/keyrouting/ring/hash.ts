/**
 * xxHash32 over the UTF-8 bytes of a string, plus the 32-bit finalizer used to
 * derive per-(slot, member) scores.
 *
 * Implemented here rather than taken from a package so the ring has no native
 * dependency and so every runtime that rebuilds a ring (another Lambda, another
 * region, a Python or Go port) can reproduce it bit for bit from the published
 * xxHash32 spec. All arithmetic is 32-bit integer arithmetic (`Math.imul`,
 * shifts, `| 0`), which is exact on every JS engine.
 */

/**
 * Globals are read once here: inside a vm sandbox (Jest's node environment)
 * every global lookup goes through an interceptor, which made `Math.imul` in
 * the inner loops ~200x slower. Module-local bindings are free everywhere.
 */
const imul = Math.imul;

const PRIME32_1 = 0x9e3779b1 | 0;
const PRIME32_2 = 0x85ebca77 | 0;
const PRIME32_3 = 0xc2b2ae3d | 0;
const PRIME32_4 = 0x27d4eb2f | 0;
const PRIME32_5 = 0x165667b1 | 0;

function rotl32(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function readU32LE(buf: Uint8Array, i: number): number {
  // Bytes past `len` are never read: callers only call this for whole words.
  return buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24) | 0;
}

// The xxHash32 steps, shared by the byte-array and the string readers below.

function round32(acc: number, lane: number): number {
  return imul(rotl32((acc + imul(lane, PRIME32_2)) | 0, 13), PRIME32_1);
}

function mergeLanes(v1: number, v2: number, v3: number, v4: number): number {
  return (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) | 0;
}

function tailWord(h: number, word: number): number {
  return imul(rotl32((h + imul(word, PRIME32_3)) | 0, 17), PRIME32_4);
}

function tailByte(h: number, byte: number): number {
  return imul(rotl32((h + imul(byte, PRIME32_5)) | 0, 11), PRIME32_1);
}

/**
 * The xxHash32 avalanche step as a signed 32-bit integer. Hot loops use this
 * form because V8 keeps int32 values unboxed while unsigned values above
 * 2^31 become heap doubles.
 */
export function avalanche32i(h: number): number {
  let x = h | 0;
  x ^= x >>> 15;
  x = imul(x, PRIME32_2);
  x ^= x >>> 13;
  x = imul(x, PRIME32_3);
  return x ^ (x >>> 16);
}

/** The xxHash32 avalanche step; also a good standalone 32-bit mixer. Unsigned result. */
export function avalanche32(h: number): number {
  return avalanche32i(h) >>> 0;
}

/** xxHash32 of `buf[0, len)` with `seed`, as the signed int32 with the same bits (see avalanche32i). */
export function xxh32BytesI(buf: Uint8Array, len: number, seed: number): number {
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + PRIME32_1 + PRIME32_2) | 0;
    let v2 = (seed + PRIME32_2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME32_1) | 0;
    const limit = len - 16;
    while (i <= limit) {
      v1 = round32(v1, readU32LE(buf, i));
      v2 = round32(v2, readU32LE(buf, i + 4));
      v3 = round32(v3, readU32LE(buf, i + 8));
      v4 = round32(v4, readU32LE(buf, i + 12));
      i += 16;
    }
    h = mergeLanes(v1, v2, v3, v4);
  } else {
    h = (seed + PRIME32_5) | 0;
  }
  h = (h + len) | 0;
  while (i + 4 <= len) {
    h = tailWord(h, readU32LE(buf, i));
    i += 4;
  }
  while (i < len) {
    h = tailByte(h, buf[i]!);
    i += 1;
  }
  return avalanche32i(h);
}

/** xxHash32 of `buf[0, len)` with `seed`; returns an unsigned 32-bit integer. */
export function xxh32Bytes(buf: Uint8Array, len: number, seed: number): number {
  return xxh32BytesI(buf, len, seed) >>> 0;
}

/**
 * Scratch buffer for UTF-8 encoding. Reused across calls so the lookup hot
 * path allocates nothing; safe because JS runs one call at a time and nothing
 * here awaits.
 */
let scratch = new Uint8Array(256);

/**
 * Writes the UTF-8 encoding of `s` into the scratch buffer and returns its
 * length. Lone surrogates become U+FFFD, exactly as `TextEncoder` (and thus
 * `Buffer.from(s, 'utf8')`) does, so hashes match other runtimes that hash the
 * encoded bytes.
 */
function encodeUtf8(s: string): number {
  const n = s.length;
  // 3 bytes per UTF-16 unit is the worst case (a surrogate pair is 2 units -> 4 bytes).
  if (n * 3 > scratch.length) scratch = new Uint8Array(Math.max(n * 3, scratch.length * 2));
  const out = scratch;
  let p = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          out[p++] = 0xf0 | (cp >> 18);
          out[p++] = 0x80 | ((cp >> 12) & 0x3f);
          out[p++] = 0x80 | ((cp >> 6) & 0x3f);
          out[p++] = 0x80 | (cp & 0x3f);
          i += 1;
          continue;
        }
        c = 0xfffd;
      }
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/**
 * OR of every code unit read by `charWord` since the last reset; >= 0x80
 * means the string was not ASCII. A module-level accumulator rather than a
 * second read of each character: `charCodeAt` is the dominant cost of hashing.
 */
let unitBits = 0;

/** Four code units as a little-endian word (the UTF-8 bytes, when they are ASCII). */
function charWord(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  const d = s.charCodeAt(i + 3);
  unitBits |= a | b | c | d;
  return a | (b << 8) | (c << 16) | (d << 24);
}

/**
 * xxHash32 of the UTF-8 bytes of `s` with `seed`, as a signed int32 (the
 * lookup hot path uses this).
 *
 * Fast path: for ASCII the UTF-8 bytes are the UTF-16 code units, so words are
 * read straight from the string with no encoding pass. Non-ASCII is detected by
 * OR-ing every code unit; such strings are rehashed from their encoded bytes
 * (the fast path's result is then discarded), so both paths agree by definition.
 */
export function hashStringI(s: string, seed: number): number {
  const len = s.length;
  unitBits = 0;
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + PRIME32_1 + PRIME32_2) | 0;
    let v2 = (seed + PRIME32_2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME32_1) | 0;
    const limit = len - 16;
    while (i <= limit) {
      v1 = round32(v1, charWord(s, i));
      v2 = round32(v2, charWord(s, i + 4));
      v3 = round32(v3, charWord(s, i + 8));
      v4 = round32(v4, charWord(s, i + 12));
      i += 16;
    }
    h = mergeLanes(v1, v2, v3, v4);
  } else {
    h = (seed + PRIME32_5) | 0;
  }
  h = (h + len) | 0;
  while (i + 4 <= len) {
    h = tailWord(h, charWord(s, i));
    i += 4;
  }
  while (i < len) {
    const c = s.charCodeAt(i);
    unitBits |= c;
    h = tailByte(h, c);
    i += 1;
  }
  if (unitBits >= 0x80) {
    // Encode first: it may replace `scratch` with a larger buffer.
    const encodedLength = encodeUtf8(s);
    return xxh32BytesI(scratch, encodedLength, seed);
  }
  return avalanche32i(h);
}

/** xxHash32 of the UTF-8 bytes of `s` with `seed` (unsigned 32-bit result). */
export function hashString(s: string, seed: number): number {
  return hashStringI(s, seed) >>> 0;
}

/** Formats a 32-bit hash as 8 lowercase hex digits (for vectors and fingerprints). */
export function hex32(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}
