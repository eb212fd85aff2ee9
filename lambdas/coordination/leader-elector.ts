/**
 * Leader election on the Coordination table (`leader#<group>` items): a leadership is a lease whose
 * fencing token is the TERM, so terms grow on every change of leader and each term belongs to the
 * one candidate whose conditional write created it. Candidates that keep campaigning take over a
 * crashed leader within one lease (+ safety margin) + one retry period.
 *
 *   const elector = createLeaderElector({ clients, tableName, group: 'controller', settings: config.leader });
 *   const leadership = await elector.campaign();          // waits until elected
 *   await documents.send(new UpdateCommand(leadership.fenced({ TableName, Key, UpdateExpression, ... })));
 *   leadership.signal.addEventListener('abort', stopActing);
 */
import type { FailoverConfig } from '../config/schema';
import { CoordinationUnavailableError } from './rules/errors';
import { leaderKey } from './rules/keys';
import { assertNoProblems, MAX_NAME_LENGTH, MAX_OWNER_LENGTH, nameProblem, payloadProblem, resolveLeaseSettings, type LeaseOptions, type LeaseSettings } from './rules/settings';
import { waiterStep, type Watch } from './rules/timing';
import { DEFAULT_TERM_ATTRIBUTE } from './dynamodb/fencing';
import { acquireLease, type WatchMemory } from './acquire';
import { defaultOwner, resolveDeps, type CoordinationDeps, type DepsOptions, type LeaseRequest } from './deps';
import type { HeldLease, LeaseHandle } from './held-lease';

/** The `leader` block of the failover config (`leaderSchema`), plus the lock library's extra knobs. */
export type LeaderSettings = Partial<FailoverConfig['leader']> & Pick<LeaseOptions, 'driftRate' | 'ttlMs'>;

export interface LeaderElectorOptions extends DepsOptions {
  /** Election group, e.g. `controller`. */
  readonly group: string;
  /** This candidate's id, unique per process. @default `<host>:<pid>:<random>` */
  readonly candidate?: string;
  /** @default leaderSchema defaults: lease 15000, renew 5000, retry 2000 ms */
  readonly settings?: LeaderSettings;
}

export interface CampaignOptions {
  /** Stop campaigning; campaign() rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Stored on the leader record while leading (e.g. the region or endpoint of the leader). */
  readonly payload?: string;
}

/**
 * Being the leader for one term: the one lease handle, `name` being the election group, `owner` the
 * candidate, `token` the term (strictly greater than every earlier term of this group; one leader
 * per term) and `sequence` the term's number (1, 2, 3, …). `release()` steps down.
 */
export type LeadershipLease = LeaseHandle;

export interface LeaderInfo {
  readonly group: string;
  readonly candidate: string;
  /** The fencing token of the leader's term (what fences writes). */
  readonly term: number;
  /**
   * The term's number for people: 1 for the group's first leadership, +1 per change of leader
   * (takeover or acquire after a release), no gaps; 0 for a leader record older than the count.
   */
  readonly termNumber: number;
  readonly payload: string | undefined;
  /**
   * observe() only: the record has not changed for a full lease + margin on this host's clock, so the
   * leader has most likely crashed and a candidate may take over. current() cannot tell (one read).
   */
  readonly stale: boolean;
}

/** Maps the config's names (renewMs) onto the lease's (heartbeatMs). */
export function leaseSettingsOf(settings: LeaderSettings = {}): LeaseSettings {
  const { leaseMs, renewMs, retryMs, driftRate, ttlMs } = settings;
  return resolveLeaseSettings({
    leaseMs: leaseMs ?? 15_000,
    heartbeatMs: renewMs ?? 5_000,
    retryMs: retryMs ?? 2_000,
    ...(driftRate !== undefined ? { driftRate } : {}),
    ...(ttlMs !== undefined ? { ttlMs } : {}),
  });
}

export class LeaderElector {
  readonly group: string;
  readonly candidate: string;
  readonly settings: LeaseSettings;
  private readonly deps: CoordinationDeps;
  private leadership: HeldLease | undefined;
  /** A silent leader's record as this candidate watches it, kept across campaigns (takeover ≤ lease + margin + retry after its last renewal, however campaigns are cut). */
  private readonly watchMemory: WatchMemory = {};

  constructor(options: LeaderElectorOptions) {
    this.deps = resolveDeps(options);
    this.group = options.group;
    this.candidate = options.candidate ?? defaultOwner(this.deps.newId);
    assertNoProblems([nameProblem('group', options.group, MAX_NAME_LENGTH), nameProblem('candidate', this.candidate, MAX_OWNER_LENGTH)]);
    this.settings = leaseSettingsOf(options.settings);
  }

  /** Waits (forever, unless the signal aborts) until this candidate leads; returns the current term if it already does. */
  async campaign(options: CampaignOptions = {}): Promise<LeadershipLease> {
    assertNoProblems([payloadProblem(options.payload)]);
    if (this.leadership?.isHeld()) return this.leadership;
    const lease = await acquireLease(this.deps, this.request(options.payload), {
      waitMs: Number.POSITIVE_INFINITY,
      watchMemory: this.watchMemory,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    this.leadership = lease;
    return this.leadership;
  }

  /** Resigns the leadership this elector holds, if any. */
  async resign(): Promise<boolean> {
    const leadership = this.leadership;
    this.leadership = undefined;
    return leadership ? leadership.release() : false;
  }

  /** The leader at this instant (strongly consistent read), or undefined if there is none. */
  async current(): Promise<LeaderInfo | undefined> {
    const record = await this.deps.store.read(leaderKey(this.group));
    if (record === undefined || record.released) return undefined;
    return { group: this.group, candidate: record.owner, term: record.token, termNumber: record.sequence, payload: record.payload, stale: false };
  }

  /**
   * Yields the leader now and on every change (new term, resignation, or turning stale), polling
   * every retryMs, until the signal aborts (then it returns).
   */
  async *observe(options: { readonly signal?: AbortSignal } = {}): AsyncGenerator<LeaderInfo | undefined> {
    const { clock, store } = this.deps;
    let watch: Watch | undefined;
    let last: string | undefined;
    while (!options.signal?.aborted) {
      let waitMs = this.settings.retryMs;
      try {
        const record = await store.read(leaderKey(this.group));
        const decision = waiterStep(watch, record, clock.monotonicMs(), this.settings);
        watch = decision.watch;
        if (decision.step.kind === 'wait') waitMs = decision.step.ms;
        const info: LeaderInfo | undefined =
          record === undefined || record.released
            ? undefined
            : { group: this.group, candidate: record.owner, term: record.token, termNumber: record.sequence, payload: record.payload, stale: decision.step.kind === 'take-over' };
        const fingerprint = info ? JSON.stringify(info) : 'none';
        if (fingerprint !== last) {
          last = fingerprint;
          yield info;
        }
      } catch (err) {
        // A busy or unreachable table is no news about the leader: keep watching.
        if (!(err instanceof CoordinationUnavailableError)) throw err;
      }
      try {
        await clock.sleep(waitMs, options.signal);
      } catch {
        return;
      }
    }
  }

  private request(payload: string | undefined): LeaseRequest {
    return {
      key: leaderKey(this.group),
      name: this.group,
      resource: `leadership of ${JSON.stringify(this.group)}`,
      owner: this.candidate,
      ...(payload !== undefined ? { payload } : {}),
      settings: this.settings,
      autoRenew: true,
      fence: { attribute: DEFAULT_TERM_ATTRIBUTE },
    };
  }
}
