/**
 * Lease settings, their defaults and validation. All timing is in milliseconds of a local
 * monotonic clock; see docs/coordination.md for why each default is what it is.
 */
import { LockConfigError } from './errors';

export interface LeaseOptions {
  /** How long a grant lasts without renewal. @default 15000 (the leader default in `leaderSchema`) */
  readonly leaseMs?: number;
  /** Renewal (heartbeat) period of a holder; at most half the lease. @default leaseMs / 3 */
  readonly heartbeatMs?: number;
  /** Poll period of a waiter, and retry period of a failed renewal. @default min(2000, leaseMs / 5) */
  readonly retryMs?: number;
  /**
   * Largest relative difference between two hosts' clock rates that the protocol tolerates
   * (0.01 = 1 %, far above real quartz drift of 1e-5..1e-4 and NTP slewing of 5e-4). @default 0.01
   */
  readonly driftRate?: number;
  /** How long an untouched record lives before DynamoDB TTL may delete it. @default max(1 day, 100 leases) */
  readonly ttlMs?: number;
}

export interface LeaseSettings {
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly driftRate: number;
  readonly ttlMs: number;
}

export const DEFAULT_LEASE_MS = 15_000;
export const DEFAULT_DRIFT_RATE = 0.01;
export const MIN_LEASE_MS = 100;
export const MAX_LEASE_MS = 3_600_000;
export const MAX_DRIFT_RATE = 0.1;
export const MIN_TTL_LEASES = 10;
const DAY_MS = 86_400_000;
/** Names and owners go into the partition key (2048 bytes max) and into messages. */
export const MAX_NAME_LENGTH = 512;
export const MAX_OWNER_LENGTH = 256;
/** A lock item must stay far below DynamoDB's 400 KB item limit. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

/** Fills in defaults and checks every rule; throws one LockConfigError listing all problems. */
export function resolveLeaseSettings(options: LeaseOptions = {}): LeaseSettings {
  const problems: string[] = [];
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseOk = isPositiveInteger(leaseMs) && leaseMs >= MIN_LEASE_MS && leaseMs <= MAX_LEASE_MS;
  if (!leaseOk) {
    problems.push(`leaseMs must be a whole number of milliseconds from ${MIN_LEASE_MS} to ${MAX_LEASE_MS}, got ${String(leaseMs)}`);
  }
  const base = leaseOk ? leaseMs : DEFAULT_LEASE_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.floor(base / 3);
  if (!isPositiveInteger(heartbeatMs)) {
    problems.push(`heartbeatMs must be a positive whole number of milliseconds, got ${String(heartbeatMs)}`);
  } else if (leaseOk && leaseMs < 2 * heartbeatMs) {
    problems.push(`leaseMs (${leaseMs}) must be at least 2 × heartbeatMs (${heartbeatMs}) so one missed renewal does not lose the lease; lower heartbeatMs to ${Math.floor(leaseMs / 2)} or less`);
  }
  const retryMs = options.retryMs ?? Math.min(2000, Math.ceil(base / 5));
  if (!isPositiveInteger(retryMs)) {
    problems.push(`retryMs must be a positive whole number of milliseconds, got ${String(retryMs)}`);
  } else if (leaseOk && retryMs > leaseMs) {
    problems.push(`retryMs (${retryMs}) must not exceed leaseMs (${leaseMs}): waiters would notice a free lock later than a lease`);
  }
  const driftRate = options.driftRate ?? DEFAULT_DRIFT_RATE;
  if (typeof driftRate !== 'number' || !Number.isFinite(driftRate) || driftRate < 0 || driftRate > MAX_DRIFT_RATE) {
    problems.push(`driftRate must be a number from 0 to ${MAX_DRIFT_RATE} (0.01 = clocks may run 1 % apart), got ${String(driftRate)}`);
  }
  const ttlMs = options.ttlMs ?? Math.max(DAY_MS, 100 * base);
  if (!isPositiveInteger(ttlMs)) {
    problems.push(`ttlMs must be a positive whole number of milliseconds, got ${String(ttlMs)}`);
  } else if (leaseOk && ttlMs < MIN_TTL_LEASES * leaseMs) {
    problems.push(`ttlMs (${ttlMs}) must be at least ${MIN_TTL_LEASES} leases (${MIN_TTL_LEASES * leaseMs} ms) so TTL never deletes a live record`);
  }
  if (problems.length > 0) throw new LockConfigError(problems);
  return { leaseMs, heartbeatMs, retryMs, driftRate, ttlMs };
}

/**
 * Milliseconds each side subtracts (holder) or adds (waiter) to a lease so that clocks running up to
 * `driftRate` apart can never both believe in the lease: safe when margin ≥ driftRate × lease
 * (derivation in docs/coordination.md); +1 covers millisecond rounding of timers.
 */
export function safetyMarginMs(leaseMs: number, driftRate: number): number {
  return Math.ceil(leaseMs * driftRate) + 1;
}

/** Checks a lock name, group name or owner id: non-empty, bounded, no control characters. */
export function nameProblem(label: string, value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return `${label} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`;
  if (value.length > maxLength) return `${label} must be at most ${maxLength} characters, got ${value.length}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${label} must not contain control characters, got ${JSON.stringify(value)}`;
  return undefined;
}

export function payloadProblem(payload: unknown): string | undefined {
  if (payload === undefined) return undefined;
  if (typeof payload !== 'string') return `payload must be a string (serialize objects with JSON.stringify), got ${typeof payload}`;
  const bytes = new TextEncoder().encode(payload).length;
  if (bytes > MAX_PAYLOAD_BYTES) return `payload must be at most ${MAX_PAYLOAD_BYTES} bytes, got ${bytes}`;
  return undefined;
}

/** Checks a fencing token handed back by a caller: tokens are positive whole numbers. */
export function tokenProblem(token: unknown): string | undefined {
  if (typeof token === 'number' && Number.isSafeInteger(token) && token > 0) return undefined;
  return `token must be the positive whole number returned when the lock was acquired, got ${String(token)}`;
}

export function waitProblem(waitMs: unknown): string | undefined {
  if (typeof waitMs !== 'number' || Number.isNaN(waitMs) || waitMs < 0) {
    return `waitMs must be a non-negative number of milliseconds (Infinity waits forever), got ${String(waitMs)}`;
  }
  return undefined;
}

/** Throws one LockConfigError for all the problems found (undefined entries are fine). */
export function assertNoProblems(problems: ReadonlyArray<string | undefined>): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length > 0) throw new LockConfigError(found);
}
