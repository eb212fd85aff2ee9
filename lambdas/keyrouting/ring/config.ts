/**
 * Ring inputs, their defaults and validation. Everything the table depends on
 * is normalized here (members sorted, defaults filled in) so two callers that
 * pass the same members in a different order get the identical ring.
 */

import { RingConfigError } from './errors';

export interface Member {
  readonly id: string;
  /** Relative capacity; any finite positive number. */
  readonly weight: number;
}

export interface RingOptions {
  /** Number of table slots; a power of two. More slots: smoother balance, slower build, more memory. */
  readonly slotCount?: number;
  /** Load bound: no member gets more than ceil((1 + epsilon) * its fair share) of the slots. */
  readonly epsilon?: number;
  /** Unsigned 32-bit seed for every hash in the ring; change it to get an unrelated placement. */
  readonly seed?: number;
}

export interface RingConfig {
  /** Sorted by id in code-point order; a member's position here is its index in the table. */
  readonly members: readonly Member[];
  readonly slotCount: number;
  readonly epsilon: number;
  readonly seed: number;
}

/**
 * 2^18 slots and epsilon = 0.015: at 100 equal members that keeps the slot peak
 * at <= 1.015x the mean while the cap binds rarely enough that one add/remove
 * moves <= ~1.08x the ideal number of keys (docs/ring.md has the measurements).
 */
export const DEFAULT_SLOT_COUNT = 1 << 18;
export const DEFAULT_EPSILON = 0.015;
export const DEFAULT_SEED = 0;

export const MIN_SLOT_COUNT = 1 << 4;
export const MAX_SLOT_COUNT = 1 << 22;
export const MAX_EPSILON = 10;
/** The table stores member indices in a Uint16Array. */
export const MAX_MEMBERS = 0xffff;

/**
 * Orders strings by Unicode code point (= UTF-8 byte order), not by UTF-16
 * code unit as `<` does, so a port in a language with UTF-8 strings sorts the
 * same way.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i += 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function isPowerOfTwo(x: number): boolean {
  return Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;
}

function describeValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

function memberProblems(members: unknown): { problems: string[]; valid: Member[] } {
  const problems: string[] = [];
  const valid: Member[] = [];
  if (!Array.isArray(members)) {
    return { problems: [`members must be an array (got ${describeValue(members)})`], valid };
  }
  if (members.length === 0) problems.push('member list is empty');
  if (members.length > MAX_MEMBERS) problems.push(`${members.length} members exceed the maximum of ${MAX_MEMBERS}`);
  const firstIndexOf = new Map<string, number>();
  members.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) {
      problems.push(`member[${i}] must be an object with id and weight (got ${describeValue(raw)})`);
      return;
    }
    const { id, weight } = raw as { id?: unknown; weight?: unknown };
    const label = typeof id === 'string' && id.length > 0 ? `member ${JSON.stringify(id)}` : `member[${i}]`;
    let ok = true;
    if (typeof id !== 'string' || id.length === 0) {
      problems.push(`${label}: id must be a non-empty string (got ${describeValue(id)})`);
      ok = false;
    }
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      problems.push(`${label}: weight must be a finite number > 0 (got ${describeValue(weight)})`);
      ok = false;
    }
    if (typeof id === 'string' && id.length > 0) {
      const first = firstIndexOf.get(id);
      if (first === undefined) firstIndexOf.set(id, i);
      else {
        problems.push(`duplicate member id ${JSON.stringify(id)} at positions ${first} and ${i}`);
        ok = false;
      }
    }
    if (ok) valid.push({ id: id as string, weight: weight as number });
  });
  const total = valid.reduce((sum, m) => sum + m.weight, 0);
  if (valid.length > 0 && !Number.isFinite(total)) problems.push('total weight overflows (sum of weights is not finite)');
  return { problems, valid };
}

function optionProblems(options: RingOptions, memberCount: number): string[] {
  const problems: string[] = [];
  const { slotCount = DEFAULT_SLOT_COUNT, epsilon = DEFAULT_EPSILON, seed = DEFAULT_SEED } = options;
  if (!isPowerOfTwo(slotCount) || slotCount < MIN_SLOT_COUNT || slotCount > MAX_SLOT_COUNT) {
    problems.push(`slotCount must be a power of two in [${MIN_SLOT_COUNT}, ${MAX_SLOT_COUNT}] (got ${describeValue(slotCount)})`);
  } else if (memberCount > slotCount) {
    problems.push(`${memberCount} members need at least as many slots (slotCount is ${slotCount})`);
  }
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0 || epsilon > MAX_EPSILON) {
    problems.push(`epsilon must be a finite number in (0, ${MAX_EPSILON}] (got ${describeValue(epsilon)})`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    problems.push(`seed must be an integer in [0, 2^32 - 1] (got ${describeValue(seed)})`);
  }
  return problems;
}

/**
 * Validates members and options and returns the normalized config.
 * @throws RingConfigError listing every problem found.
 */
export function normalizeConfig(members: readonly Member[], options: RingOptions = {}): RingConfig {
  const checked = memberProblems(members);
  const problems = [...checked.problems, ...optionProblems(options, checked.valid.length)];
  if (problems.length > 0) throw new RingConfigError(problems);
  return {
    members: [...checked.valid].sort((a, b) => compareCodePoints(a.id, b.id)),
    slotCount: options.slotCount ?? DEFAULT_SLOT_COUNT,
    epsilon: options.epsilon ?? DEFAULT_EPSILON,
    seed: options.seed ?? DEFAULT_SEED,
  };
}

/** Slot capacity of each member (same order as `config.members`): ceil((1 + epsilon) * fair share). */
export function slotCapacities(config: RingConfig): Uint32Array {
  // Summed in sorted order so the float total, and thus every ceil, is the same everywhere.
  let total = 0;
  for (const m of config.members) total += m.weight;
  const caps = new Uint32Array(config.members.length);
  config.members.forEach((m, i) => {
    const fair = (config.slotCount * m.weight) / total;
    caps[i] = Math.min(config.slotCount, Math.ceil((1 + config.epsilon) * fair));
  });
  return caps;
}
