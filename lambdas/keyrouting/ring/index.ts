/**
 * Consistent-hash ring: weighted rendezvous hashing over a fixed slot table
 * with a load bound. Pure: no I/O, clock or randomness. See docs/ring.md.
 */

export type { Member, RingConfig, RingOptions } from './config';
export { DEFAULT_EPSILON, DEFAULT_SEED, DEFAULT_SLOT_COUNT, MAX_EPSILON, MAX_MEMBERS, MAX_SLOT_COUNT, MIN_SLOT_COUNT } from './config';
export { NoHealthyTargetError, RingConfigError, RingFingerprintError, RingInvariantError, RingQueryError } from './errors';
export { hashString, xxh32Bytes } from './hash';
export { Ring, createRing } from './ring';
export type { Route, RouteOp, RouteRequest } from './route';
export { routeKey } from './route';
export type { RingDescription } from './describe';
export { RING_ALGORITHM, RING_ALGORITHM_VERSION, RING_HASH, describeRing, ringFromDescription } from './describe';
