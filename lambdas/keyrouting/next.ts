/**
 * The pure transition from one routing table to the next. The controller calls it after every
 * decision; when nothing that affects an answer changed it returns `current` itself, so the
 * caller can skip the write (`next === current`, or `next.version === current.version`).
 */
import { createRing, describeRing, RingConfigError, type Member, type RingDescription, type RingOptions } from './ring';
import { normalizeConfig } from './ring/config';
import { RouteTableInputError } from './errors';
import { ROUTING_DEFAULT_SEED, ROUTING_DEFAULT_SLOT_COUNT, sameMembers, sameRingParams, sameRouteTable, sortedIds, type RouteTable } from './table';

export interface RouteTableChange {
  /** Write target chosen by the failover policy; must be a member. */
  readonly primary: string;
  /** Members serving reads; every id must be a member (duplicates are ignored). */
  readonly healthy: Iterable<string>;
  /** Members with weights; required for the first table, omitted to keep the current ones. Order does not matter. */
  readonly members?: readonly Member[];
  /** Ring options; omitted fields keep the current table's (first table: slotCount 2^14, the ring's default epsilon, seed 0). */
  readonly ring?: RingOptions;
  /** Wall-clock ms of the change (the caller's clock: this function reads none). */
  readonly at: number;
  readonly by: string;
  readonly reason: string;
}

type RingParams = Required<RingOptions>;

function paramsOf(current: RouteTable | undefined, requested: RingOptions | undefined): RingOptions {
  const base: RingOptions = current
    ? { slotCount: current.ring.slotCount, epsilon: current.ring.epsilon, seed: current.ring.seed }
    : { slotCount: ROUTING_DEFAULT_SLOT_COUNT, seed: ROUTING_DEFAULT_SEED };
  return { ...base, ...definedOnly(requested ?? {}) };
}

function definedOnly(options: RingOptions): RingOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** The members and parameters, validated by the ring; every problem is collected. */
function normalized(members: readonly Member[], options: RingOptions, problems: string[]): { members: readonly Member[]; params: RingParams } | undefined {
  try {
    const config = normalizeConfig(members, options);
    return { members: config.members, params: { slotCount: config.slotCount, epsilon: config.epsilon, seed: config.seed } };
  } catch (err) {
    if (!(err instanceof RingConfigError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

function metaProblems(change: RouteTableChange): string[] {
  const problems: string[] = [];
  if (typeof change.at !== 'number' || !Number.isFinite(change.at)) problems.push(`at must be a finite number of wall-clock ms (got ${String(change.at)})`);
  if (typeof change.by !== 'string') problems.push('by must be a string');
  if (typeof change.reason !== 'string') problems.push('reason must be a string');
  return problems;
}

/** Reuses the current ring when members and parameters are unchanged (a rebuild costs ms). */
function ringFor(current: RouteTable | undefined, members: readonly Member[], params: RingParams): RingDescription {
  if (current && sameMembers(current.members, members) && sameRingParams(current.ring, params)) return current.ring;
  return describeRing(createRing(members, params));
}

/**
 * The table after `change`: version + 1 (1 for the first table) if anything that affects routing
 * changed, otherwise `current` itself.
 * @throws RouteTableInputError listing every problem (members and ring options as the ring
 *   reports them, a primary or healthy id that is not a member, a first table without members).
 */
export function nextRouteTable(current: RouteTable | undefined, change: RouteTableChange): RouteTable {
  const problems = metaProblems(change);
  const requestedMembers = change.members ?? current?.members;
  if (requestedMembers === undefined) problems.push('members are required for the first routing table');
  const norm = requestedMembers === undefined ? undefined : normalized(requestedMembers, paramsOf(current, change.ring), problems);
  let healthy: string[] = [];
  if (change.healthy === null || typeof change.healthy !== 'object' || !(Symbol.iterator in change.healthy)) {
    problems.push('healthy must be an iterable of member ids');
  } else {
    healthy = sortedIds(change.healthy);
  }
  if (norm) {
    const ids = new Set(norm.members.map((m) => m.id));
    if (!ids.has(change.primary)) problems.push(`primary ${JSON.stringify(change.primary)} is not a member (members: ${[...ids].join(', ')})`);
    const unknown = healthy.filter((h) => !ids.has(h));
    if (unknown.length > 0) problems.push(`healthy names non-members: ${unknown.map((h) => JSON.stringify(h)).join(', ')}`);
  }
  if (problems.length > 0 || !norm) throw new RouteTableInputError(problems);

  const candidate: RouteTable = {
    version: (current?.version ?? 0) + 1,
    members: norm.members,
    healthy,
    primary: change.primary,
    ring: ringFor(current, norm.members, norm.params),
    updatedAt: change.at,
    updatedBy: change.by,
    reason: change.reason,
  };
  if (current && sameRouteTable(current, candidate)) return current;
  return candidate;
}
