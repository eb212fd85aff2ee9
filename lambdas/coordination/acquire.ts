/**
 * Getting a lease: one conditional write when the record is free (the uncontended case; a second
 * one only if this host's wall clock is behind the stored token), else watch
 * the holder's record version on the local monotonic clock and take over on exactly that version
 * once it has stayed unchanged for a full lease + safety margin (core/coordination/timing.ts).
 */
import { CoordinationUnavailableError, LockTimeoutError } from './rules/errors';
import { proposeToken, type Grant, type LockRecord } from './rules/record';
import { waiterStep, type Watch, type WaiterStep } from './rules/timing';
import type { WriteOutcome } from './lock-store';
import type { CoordinationDeps, LeaseRequest } from './deps';
import { HeldLease } from './held-lease';

export interface WaitOptions {
  /** Give up (LockTimeoutError) after this many ms; 0 = one look; Infinity = until granted. */
  readonly waitMs: number;
  /** Abort waiting; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Where the watch of a held record outlives this call: a waiter that gives up and waits again
   * (a bounded campaign per scheduled run) keeps counting the lease from when it first saw that
   * version, instead of starting a full lease over. Same process only: the times are its monotonic clock.
   */
  readonly watchMemory?: WatchMemory;
}

/** A waiter's watch kept between waits of one process (see `WaitOptions.watchMemory`). */
export interface WatchMemory {
  current?: Watch;
}

/** `lastSeen`: the record this write follows (the watched version, or a released record), if any. */
function newGrant(deps: CoordinationDeps, request: LeaseRequest, lastSeen: LockRecord | undefined): Grant {
  const wallMs = deps.clock.wallMs();
  return {
    owner: request.owner,
    recordVersion: deps.newId(),
    token: proposeToken(wallMs, lastSeen?.token),
    leaseMs: request.settings.leaseMs,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
    expiresAt: Math.ceil((wallMs + request.settings.ttlMs) / 1000),
    wallMs,
  };
}

/** What one write of ours found, or undefined when it left the record unknown (conflict). */
interface Attempt {
  readonly granted?: HeldLease;
  readonly observed?: LockRecord | undefined;
  readonly known: boolean;
  readonly error?: unknown;
}

async function write(deps: CoordinationDeps, request: LeaseRequest, step: WaiterStep, lastSeen: LockRecord | undefined, sentWrites: Map<string, number>): Promise<Attempt> {
  const grant = newGrant(deps, request, lastSeen);
  const sentAtMs = deps.clock.monotonicMs();
  sentWrites.set(grant.recordVersion, sentAtMs);
  let outcome: WriteOutcome;
  try {
    outcome = step.kind === 'take-over' ? await deps.store.takeOver(request.key, step.recordVersion, grant) : await deps.store.acquireFree(request.key, grant);
  } catch (err) {
    if (err instanceof CoordinationUnavailableError) return { known: false, error: err };
    throw err;
  }
  if (outcome.kind === 'ok') return { known: true, granted: new HeldLease(deps, request, outcome.record, sentAtMs) };
  if (outcome.kind === 'conflict') return { known: false, error: outcome.cause };
  return { known: true, observed: outcome.current };
}

async function read(deps: CoordinationDeps, key: string): Promise<Attempt> {
  try {
    return { known: true, observed: await deps.store.read(key) };
  } catch (err) {
    if (err instanceof CoordinationUnavailableError) return { known: false, error: err };
    throw err;
  }
}

/**
 * A record carrying one of our own grant writes: an attempt whose answer was lost (SDK retry after a
 * timeout) did land. Its lease is counted from when that attempt was sent.
 */
function ownGrant(deps: CoordinationDeps, request: LeaseRequest, record: LockRecord | undefined, sentWrites: Map<string, number>): HeldLease | undefined {
  if (record === undefined || record.released || record.owner !== request.owner) return undefined;
  const sentAtMs = sentWrites.get(record.recordVersion);
  return sentAtMs === undefined ? undefined : new HeldLease(deps, request, record, sentAtMs);
}

/** Makes exactly one write when the record is free: undefined if someone else holds it. */
export async function tryAcquireLease(deps: CoordinationDeps, request: LeaseRequest): Promise<HeldLease | undefined> {
  const sentWrites = new Map<string, number>();
  const attempt = await write(deps, request, { kind: 'acquire-free' }, undefined, sentWrites);
  if (attempt.granted) return attempt.granted;
  const own = ownGrant(deps, request, attempt.observed, sentWrites);
  if (own || !attempt.observed?.released) return own;
  // Free, but our clock proposed a token not above the stored one: once more, above it.
  const retry = await write(deps, request, { kind: 'acquire-free' }, attempt.observed, sentWrites);
  return retry.granted ?? ownGrant(deps, request, retry.observed, sentWrites);
}

export async function acquireLease(deps: CoordinationDeps, request: LeaseRequest, options: WaitOptions): Promise<HeldLease> {
  const { clock } = deps;
  const startedMs = clock.monotonicMs();
  const giveUpAtMs = startedMs + options.waitMs;
  const sentWrites = new Map<string, number>();
  let watch: Watch | undefined = options.watchMemory?.current;
  let step: WaiterStep = { kind: 'acquire-free' };
  let lastSeen: LockRecord | undefined;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    const attempt = step.kind === 'wait' ? await read(deps, request.key) : await write(deps, request, step, lastSeen, sentWrites);
    if (attempt.granted) return attempt.granted;
    const receivedAtMs = clock.monotonicMs();
    if (attempt.known) {
      const own = ownGrant(deps, request, attempt.observed, sentWrites);
      if (own) return own;
      lastSeen = attempt.observed;
      const decision = waiterStep(watch, attempt.observed, receivedAtMs, request.settings);
      watch = decision.watch;
      if (options.watchMemory) options.watchMemory.current = watch;
      step = decision.step;
      if (step.kind !== 'wait') continue;
    } else {
      lastError = attempt.error;
      step = { kind: 'wait', ms: request.settings.retryMs, why: 'poll' };
    }
    const leftMs = giveUpAtMs - receivedAtMs;
    if (leftMs <= 0) {
      const holder = lastSeen && !lastSeen.released ? { owner: lastSeen.owner, token: lastSeen.token } : undefined;
      throw new LockTimeoutError(request.resource, receivedAtMs - startedMs, holder, { cause: lastError });
    }
    // Jitter polls (not the wait for expiry) so many waiters do not read in lock-step; never beyond
    // retryMs, which bounds how late a waiter notices a change (takeover ≤ lease + margin + retry).
    const pauseMs = step.why === 'poll' ? step.ms * (0.5 + 0.5 * deps.random()) : step.ms;
    await clock.sleep(Math.min(pauseMs, leftMs), options.signal);
  }
}
