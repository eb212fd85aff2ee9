/**
 * When a holder must stop, and when a waiter may take over, judged only on each host's own
 * monotonic clock (never by comparing wall clocks across hosts), as awslabs'
 * amazon-dynamodb-lock-client does, plus a margin for clock-rate drift.
 *
 * Holder: its lease runs from the moment it SENT the write that granted or renewed it (the write
 * landed later, so this is early: safe), and it stops acting at start + lease − margin.
 * Waiter: it starts counting when it RECEIVED a read showing a record version (the write that made
 * it landed earlier: safe), and may take over on that exact version at first seen + lease + margin.
 * With clocks running at most `driftRate` apart and margin ≥ driftRate × lease, the holder's stop
 * comes before the waiter's takeover in real time (derivation in docs/coordination.md).
 */
import type { LockRecord } from './record';
import { safetyMarginMs } from './settings';

/** Local monotonic time at which a holder whose last grant/renewal was sent at `sentAtMs` must stop. */
export function holderDeadline(sentAtMs: number, leaseMs: number, driftRate: number): number {
  return sentAtMs + leaseMs - safetyMarginMs(leaseMs, driftRate);
}

/** When a holder renews next: one heartbeat after the last successful renewal was sent. */
export function nextRenewalAt(lastSentAtMs: number, heartbeatMs: number): number {
  return lastSentAtMs + heartbeatMs;
}

/** When a holder retries a failed renewal: a retry period later, but never after its deadline. */
export function renewalRetryAt(nowMs: number, retryMs: number, deadlineMs: number): number {
  return Math.min(nowMs + retryMs, deadlineMs);
}

/** What a waiter remembers about a held record: the version and when it first saw it. */
export interface Watch {
  readonly recordVersion: string;
  readonly firstSeenMs: number;
}

export type WaiterStep =
  /** The record is absent or released: ask for it with the one-write acquire. */
  | { readonly kind: 'acquire-free' }
  /** The same version stayed for a full lease + margin: take over on exactly that version. */
  | { readonly kind: 'take-over'; readonly recordVersion: string }
  /** Look again after `ms`; `until-expiry` when that is the moment the lease can be judged over. */
  | { readonly kind: 'wait'; readonly ms: number; readonly why: 'poll' | 'until-expiry' };

export interface WaiterDecision {
  readonly step: WaiterStep;
  readonly watch: Watch | undefined;
}

/**
 * One step of a waiter: given what it watched so far, the record it just received at `receivedAtMs`
 * (its monotonic clock), decide. Pure; the caller sleeps, reads and writes.
 */
export function waiterStep(watch: Watch | undefined, record: LockRecord | undefined, receivedAtMs: number, settings: { readonly retryMs: number; readonly driftRate: number }): WaiterDecision {
  if (record === undefined || record.released) return { step: { kind: 'acquire-free' }, watch: undefined };
  const current: Watch = watch !== undefined && watch.recordVersion === record.recordVersion ? watch : { recordVersion: record.recordVersion, firstSeenMs: receivedAtMs };
  const expiresAt = takeoverAt(current, record.leaseMs, settings.driftRate);
  if (receivedAtMs >= expiresAt) return { step: { kind: 'take-over', recordVersion: record.recordVersion }, watch: current };
  const untilExpiry = expiresAt - receivedAtMs;
  return untilExpiry <= settings.retryMs
    ? { step: { kind: 'wait', ms: untilExpiry, why: 'until-expiry' }, watch: current }
    : { step: { kind: 'wait', ms: settings.retryMs, why: 'poll' }, watch: current };
}

/** Earliest local time a waiter may take over a version it has watched since `watch.firstSeenMs`. */
export function takeoverAt(watch: Watch, leaseMs: number, driftRate: number): number {
  return watch.firstSeenMs + leaseMs + safetyMarginMs(leaseMs, driftRate);
}
