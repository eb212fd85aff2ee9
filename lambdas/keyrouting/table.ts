/**
 * The versioned routing table of a service, and its validation.
 *
 * One table = the members (app regions with weights), the members currently healthy for reads,
 * the write primary, and the description of the consistent-hash ring built over ALL members. The
 * ring never changes when health changes: reads skip unhealthy members by walking each key's
 * preference order, so a failed member's keys spread over the survivors and come back to it on
 * recovery, and no other key moves. Only a change of members, weights or ring options rebuilds it.
 */
import * as z from 'zod';
import { RING_ALGORITHM, RING_ALGORITHM_VERSION, RING_HASH, RingConfigError, type Member, type RingDescription } from './ring';
import { compareCodePoints, normalizeConfig } from './ring/config';
import { CorruptRouteTableError } from './errors';

/**
 * Ring slots of a routing table. Routing tables usually hold a handful of regions, for which 2^14
 * slots keep every member within ~1 % of its share and build in a few ms; a table of 1,000
 * members should pass a larger count (the ring's default, 2^18).
 */
export const ROUTING_DEFAULT_SLOT_COUNT = 1 << 14;
export const ROUTING_DEFAULT_SEED = 0;

export interface RouteTable {
  /** 1 for the first table, +1 for every change; never reused. */
  readonly version: number;
  /** Every member the ring is built over, sorted by id (code point order); the same list as `ring.members`. */
  readonly members: readonly Member[];
  /** Members serving reads, sorted by id; a subset of `members` (may be empty: reads then fail). */
  readonly healthy: readonly string[];
  /** The member that takes every write (chosen by the failover policy; not required to be healthy). */
  readonly primary: string;
  /** Rebuilds the identical ring anywhere (`ringFromDescription`), checked by its fingerprint. */
  readonly ring: RingDescription;
  /** Wall-clock ms of the publish (for humans; ordering is by `version`). */
  readonly updatedAt: number;
  /** Who published it, e.g. `controller@us-east-1 term 17`. */
  readonly updatedBy: string;
  /** Why, in one sentence. */
  readonly reason: string;
}

const memberShape = z.object({ id: z.string(), weight: z.number() }).strict();

const tableShape = z
  .object({
    version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    members: z.array(memberShape),
    healthy: z.array(z.string()),
    primary: z.string().min(1),
    ring: z
      .object({
        algorithm: z.literal(RING_ALGORITHM),
        version: z.literal(RING_ALGORITHM_VERSION),
        hash: z.literal(RING_HASH),
        slotCount: z.number(),
        epsilon: z.number(),
        seed: z.number(),
        members: z.array(memberShape),
        fingerprint: z.string().regex(/^[0-9a-f]{8}$/, { message: 'expected 8 lowercase hex digits' }),
      })
      .strict(),
    updatedAt: z.number().finite(),
    updatedBy: z.string(),
    reason: z.string(),
  })
  .strict();

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'table' : path.map(String).join('.');
}

/** Problems with the relations between fields (the shape is already valid). */
function relationProblems(t: z.output<typeof tableShape>): string[] {
  const problems: string[] = [];
  try {
    const normalized = normalizeConfig(t.members, { slotCount: t.ring.slotCount, epsilon: t.ring.epsilon, seed: t.ring.seed });
    const sorted = normalized.members;
    if (sorted.some((m, i) => m.id !== t.members[i]?.id)) problems.push('members must be sorted by id');
  } catch (err) {
    if (!(err instanceof RingConfigError)) throw err;
    problems.push(...err.problems);
  }
  const ids = new Set(t.members.map((m) => m.id));
  const ringSame = t.ring.members.length === t.members.length && t.ring.members.every((m, i) => m.id === t.members[i]?.id && m.weight === t.members[i]?.weight);
  if (!ringSame) problems.push('ring.members must equal members');
  if (t.members.length > 0 && !ids.has(t.primary)) problems.push(`primary ${JSON.stringify(t.primary)} is not a member`);
  const unknown = t.healthy.filter((h) => !ids.has(h));
  if (unknown.length > 0) problems.push(`healthy names non-members: ${unknown.map((h) => JSON.stringify(h)).join(', ')}`);
  if (new Set(t.healthy).size !== t.healthy.length) problems.push('healthy lists a member twice');
  if (t.healthy.some((h, i) => i > 0 && compareCodePoints(t.healthy[i - 1]!, h) >= 0)) problems.push('healthy must be sorted by id');
  return problems;
}

/**
 * Checks a table read from storage or the wire (shape and cross-field relations; the ring itself
 * is rebuilt and fingerprint-checked by `compileRouteTable`).
 * @throws CorruptRouteTableError listing every problem found.
 */
export function parseRouteTable(value: unknown, where = 'routing table'): RouteTable {
  const shaped = tableShape.safeParse(value);
  if (!shaped.success) {
    throw new CorruptRouteTableError(
      where,
      shaped.error.issues.map((i) => `${pathOf(i.path)}: ${i.message}`),
    );
  }
  const problems = relationProblems(shaped.data);
  if (problems.length > 0) throw new CorruptRouteTableError(where, problems);
  return shaped.data;
}

/** Same routing in every field that affects an answer (ignores version and who/when/why). */
export function sameRouteTable(a: RouteTable, b: RouteTable): boolean {
  return (
    a.primary === b.primary &&
    a.ring.fingerprint === b.ring.fingerprint &&
    sameRingParams(a.ring, b.ring) &&
    sameMembers(a.members, b.members) &&
    a.healthy.length === b.healthy.length &&
    a.healthy.every((h, i) => h === b.healthy[i])
  );
}

export function sameMembers(a: readonly Member[], b: readonly Member[]): boolean {
  return a.length === b.length && a.every((m, i) => m.id === b[i]?.id && m.weight === b[i]?.weight);
}

export function sameRingParams(a: Pick<RingDescription, 'slotCount' | 'epsilon' | 'seed'>, b: Pick<RingDescription, 'slotCount' | 'epsilon' | 'seed'>): boolean {
  return a.slotCount === b.slotCount && a.epsilon === b.epsilon && a.seed === b.seed;
}

/** Ids sorted the way tables store them (code point order), duplicates removed. */
export function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareCodePoints);
}
