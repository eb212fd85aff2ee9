/**
 * Serializable ring description: everything needed to rebuild the identical
 * ring elsewhere (another Lambda, another region, a later deploy), plus a
 * fingerprint that proves the rebuild matched.
 */

import type { Member } from './config';
import { RingConfigError, RingFingerprintError } from './errors';
import type { Ring } from './ring';
import { createRing } from './ring';

/** Bump the version whenever any change could move a key: hash, scoring, tie-break, capping or sorting. */
export const RING_ALGORITHM = 'bounded-weighted-rendezvous-slots';
export const RING_ALGORITHM_VERSION = 1;
export const RING_HASH = 'xxh32-utf8';

export interface RingDescription {
  readonly algorithm: typeof RING_ALGORITHM;
  readonly version: typeof RING_ALGORITHM_VERSION;
  readonly hash: typeof RING_HASH;
  readonly slotCount: number;
  readonly epsilon: number;
  readonly seed: number;
  /** Sorted by id (code point order). */
  readonly members: readonly Member[];
  /** `Ring.fingerprint()` of the ring this was taken from. */
  readonly fingerprint: string;
}

export function describeRing(ring: Ring): RingDescription {
  const { slotCount, epsilon, seed, members } = ring.config;
  return {
    algorithm: RING_ALGORITHM,
    version: RING_ALGORITHM_VERSION,
    hash: RING_HASH,
    slotCount,
    epsilon,
    seed,
    members: members.map((m) => ({ id: m.id, weight: m.weight })),
    fingerprint: ring.fingerprint(),
  };
}

function headerProblems(d: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const expect = (field: string, want: unknown) => {
    if (d[field] !== want) {
      problems.push(`${field} must be ${JSON.stringify(want)} (got ${JSON.stringify(d[field]) ?? 'undefined'})`);
    }
  };
  expect('algorithm', RING_ALGORITHM);
  expect('version', RING_ALGORITHM_VERSION);
  expect('hash', RING_HASH);
  if (typeof d.fingerprint !== 'string' || !/^[0-9a-f]{8}$/.test(d.fingerprint)) {
    problems.push('fingerprint must be 8 lowercase hex digits');
  }
  return problems;
}

/**
 * Rebuilds the ring a description was made from (e.g. parsed from JSON).
 * @throws RingConfigError if the description is malformed, names another
 *   algorithm or version, or holds invalid members/options.
 * @throws RingFingerprintError if the rebuilt ring differs from the described one.
 */
export function ringFromDescription(value: unknown): Ring {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RingConfigError(['ring description must be an object']);
  }
  const d = value as Record<string, unknown>;
  const header = headerProblems(d);
  let ring: Ring;
  try {
    ring = createRing(d.members as readonly Member[], {
      slotCount: d.slotCount as number,
      epsilon: d.epsilon as number,
      seed: d.seed as number,
    });
  } catch (err) {
    if (err instanceof RingConfigError) throw new RingConfigError([...header, ...err.problems]);
    throw err;
  }
  if (header.length > 0) throw new RingConfigError(header);
  const actual = ring.fingerprint();
  if (actual !== d.fingerprint) throw new RingFingerprintError(d.fingerprint as string, actual);
  return ring;
}
