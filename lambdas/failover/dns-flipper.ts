/**
 * Phase 2 of a flip: make DNS express a route table. Must be idempotent (applying the same
 * traffic twice changes nothing). `dns-update` mode UPSERTs records in Route 53
 * (lambdas/failover/route53-flipper.ts); `health-signal` mode has nothing to apply — the
 * State table write in phase 3 is the flip, read by Route 53 health checks through signalFor().
 */
import type { TrafficSplit } from './rules/types';

export interface ApplyResult {
  readonly mode: 'dns-update' | 'health-signal';
  /** Route 53 change id, when a change was submitted. */
  readonly changeId?: string;
  /** False when the records already expressed the traffic, so nothing was sent. */
  readonly changed: boolean;
  /** Attempts the change call needed (1 without retries). */
  readonly attempts: number;
}

export interface DnsFlipper {
  readonly mode: ApplyResult['mode'];
  apply(traffic: TrafficSplit, flipId: string, signal?: AbortSignal): Promise<ApplyResult>;
  /** True when DNS already expresses the traffic (dns-update reconciliation); health-signal: always true. */
  matches(traffic: TrafficSplit): Promise<boolean>;
}
