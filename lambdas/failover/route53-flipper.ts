/**
 * `dns-update` mode: phase 2 of a flip UPSERTs the record sets that express the traffic, after
 * validating the batch ourselves (emulators accept invalid batches), retries throttling and
 * transient errors with capped exponential backoff and jitter, then confirms via GetChange (INSYNC)
 * and ListResourceRecordSets. Idempotent: when the records already match, nothing is sent.
 */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, type Change, type ResourceRecordSet, type Route53Client } from '@aws-sdk/client-route-53';
import type { FailoverConfig } from '../config/schema';
import { changeBatchFor, fqdn, recordSetsFor, type RecordChange, type RecordSetSpec } from './rules/change-batch';
import type { TrafficSplit } from './rules/types';
import type { Clock } from '../platform/clock';
import type { ApplyResult, DnsFlipper } from './dns-flipper';

export interface RetryPolicy {
  /** Attempts per Route 53 call, including the first. @default 5 */
  readonly maxAttempts: number;
  /** @default 200 */
  readonly baseDelayMs: number;
  /** @default 5000 */
  readonly maxDelayMs: number;
}

export interface Route53RecordFlipperOptions {
  readonly route53: Route53Client;
  readonly hostedZoneId: string;
  readonly config: Pick<FailoverConfig, 'appRegions' | 'dns' | 'policy'>;
  readonly clock: Pick<Clock, 'sleep' | 'monotonicMs'>;
  readonly retry?: Partial<RetryPolicy>;
  /** How long to wait for INSYNC. @default 60000 */
  readonly confirmTimeoutMs?: number;
  /** @default 1000 */
  readonly confirmPollMs?: number;
  /** Uniform [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
}

/** The change could not be applied; `attempts` says how hard we tried. The intent stays pending and is retried. */
export class Route53ApplyError extends Error {
  override readonly name = 'Route53ApplyError';
  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const RETRYABLE = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'ServiceUnavailable', 'InternalError', 'InternalFailure', 'RequestTimeout', 'TimeoutError']);

export function isRetryableRoute53Error(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: number }; code?: unknown };
  if (typeof e.name === 'string' && RETRYABLE.has(e.name)) return true;
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return typeof e.code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].includes(e.code);
}

function normalizeValue(v: string): string {
  return v.toLowerCase().replace(/\.$/, '');
}

function toSdk(change: RecordChange): Change {
  const r = change.record;
  return {
    Action: change.action,
    ResourceRecordSet: {
      Name: r.name,
      Type: r.type,
      TTL: r.ttl,
      ResourceRecords: r.values.map((Value) => ({ Value })),
      ...(r.setIdentifier !== undefined ? { SetIdentifier: r.setIdentifier, Weight: r.weight ?? 0 } : {}),
    },
  };
}

function sameRecord(want: RecordSetSpec, have: ResourceRecordSet): boolean {
  const values = (have.ResourceRecords ?? []).map((r) => normalizeValue(r.Value ?? '')).sort();
  return (
    fqdn(have.Name ?? '') === want.name &&
    have.Type === want.type &&
    have.TTL === want.ttl &&
    (have.SetIdentifier ?? undefined) === want.setIdentifier &&
    (want.weight === undefined || have.Weight === want.weight) &&
    JSON.stringify(values) === JSON.stringify(want.values.map(normalizeValue).sort())
  );
}

export class Route53RecordFlipper implements DnsFlipper {
  readonly mode = 'dns-update' as const;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  constructor(private readonly options: Route53RecordFlipperOptions) {
    this.retry = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  async matches(traffic: TrafficSplit): Promise<boolean> {
    const want = recordSetsFor(this.options.config, traffic);
    const have = await this.currentRecords();
    return want.every((w) => have.some((h) => sameRecord(w, h)));
  }

  async apply(traffic: TrafficSplit, flipId: string, signal?: AbortSignal): Promise<ApplyResult> {
    const changes = changeBatchFor(this.options.config, traffic);
    if (await this.withRetry('ListResourceRecordSets', signal, () => this.matches(traffic)).then((r) => r.value)) {
      return { mode: 'dns-update', changed: false, attempts: 0 };
    }
    const { value: out, attempts } = await this.withRetry('ChangeResourceRecordSets', signal, () =>
      this.options.route53.send(
        new ChangeResourceRecordSetsCommand({ HostedZoneId: this.options.hostedZoneId, ChangeBatch: { Comment: `region-failover flip ${flipId}`.slice(0, 256), Changes: changes.map(toSdk) } }),
      ),
    );
    const changeId = out.ChangeInfo?.Id;
    if (changeId) await this.waitInSync(changeId, signal);
    const confirmed = await this.withRetry('ListResourceRecordSets', signal, () => this.matches(traffic));
    if (!confirmed.value) throw new Route53ApplyError(`Route 53 accepted change ${changeId ?? '?'} but the records do not show the new traffic`, attempts);
    return { mode: 'dns-update', changed: true, attempts, ...(changeId ? { changeId } : {}) };
  }

  private async currentRecords(): Promise<ResourceRecordSet[]> {
    const name = fqdn(this.options.config.dns.recordName);
    const out = await this.options.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: this.options.hostedZoneId, StartRecordName: name, StartRecordType: this.options.config.dns.recordType, MaxItems: 100 }),
    );
    return (out.ResourceRecordSets ?? []).filter((r) => fqdn(r.Name ?? '') === name && r.Type === this.options.config.dns.recordType);
  }

  private async waitInSync(changeId: string, signal?: AbortSignal): Promise<void> {
    const deadline = this.options.clock.monotonicMs() + (this.options.confirmTimeoutMs ?? 60_000);
    for (;;) {
      const { value } = await this.withRetry('GetChange', signal, () => this.options.route53.send(new GetChangeCommand({ Id: changeId })));
      if (value.ChangeInfo?.Status === 'INSYNC') return;
      if (this.options.clock.monotonicMs() > deadline) throw new Route53ApplyError(`change ${changeId} not INSYNC within ${this.options.confirmTimeoutMs ?? 60_000} ms`, 1);
      await this.options.clock.sleep(this.options.confirmPollMs ?? 1000, signal);
    }
  }

  /** Capped exponential backoff with full jitter; only retryable errors are retried. */
  private async withRetry<T>(operation: string, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<{ value: T; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { value: await call(), attempts: attempt };
      } catch (err) {
        if (!isRetryableRoute53Error(err) || attempt >= this.retry.maxAttempts) {
          const name = (err as Error).name ?? 'Error';
          throw new Route53ApplyError(
            `${operation} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${name}: ${(err as Error).message}${isRetryableRoute53Error(err) ? '' : ' (not retryable)'}`,
            attempt,
            { cause: err },
          );
        }
        const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        await this.options.clock.sleep(Math.round(cap / 2 + (this.random() * cap) / 2), signal);
      }
    }
  }
}
