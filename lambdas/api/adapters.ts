/**
 * The API's ports implemented on the real services: the failover controller (status, history,
 * operator actions, signal), the Observations table (per-checker views for the status page), the
 * leader record (who leads, which term) and the versioned routing table the controller publishes
 * (key routing, table version).
 */
import type { FailoverConfig } from '../config/schema';
import {
  ConcurrentChangeError,
  FlipInProgressError,
  ManualActionError,
  policyRegions,
  servingRegions,
  UnknownRegionError,
  type AuditEntry as StoredAuditEntry,
  type FailoverController,
  type TrafficSplit,
} from '../failover';
import { evaluateQuorum, type Observation, type ObservationStore } from '../health';
import { CorruptRouteTableError, NoHealthyTargetError, NoRouteTableError, type RouteOp, type RouteTableReader } from '../keyrouting';
import type { Clock } from '../platform/clock';
import { ServiceRejection } from './errors';
import { decodeCursor, encodeCursor } from './history-cursor';
import type { DnsAnswerPort, HistoryPort, RoutingPort, SignalPort, StatusPort } from './ports';
import type { AuditEntryBody, AutomationBody, CheckerBody, FlipBody, FlipTimingsBody, PendingFlipBody, RegionBody, RouteBody, StatusBody } from './schemas';

/** The routing table as the API reads it: one cached reader per process (`createRouteTableReader`). */
export type RoutingReader = Pick<RouteTableReader, 'get' | 'resolveRoute'>;

/** The controller service as the API uses it. */
export type ControllerApi = Pick<FailoverController, 'failover' | 'failback' | 'pin' | 'unpin' | 'signalFor' | 'status' | 'history'>;

/** Who leads the controllers: the leader record of the controller's election group. */
export interface LeaderReader {
  current(): Promise<{ readonly candidate: string; readonly term: number; readonly termNumber?: number; readonly payload: string | undefined } | undefined>;
}

/** Controller refusals are the operator's problem to fix (4xx), not the service's fault. */
export async function translateControllerErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ManualActionError) throw new ServiceRejection('conflict', err.message, { problem: err.problem });
    if (err instanceof FlipInProgressError) throw new ServiceRejection('conflict', err.message, { flipId: err.flipId });
    if (err instanceof ConcurrentChangeError) throw new ServiceRejection('conflict', err.message);
    if (err instanceof UnknownRegionError) throw new ServiceRejection('not_found', err.message);
    throw err;
  }
}

/** Share of traffic per region (weights normalised to sum 1; inactive regions 0). */
export function trafficShares(traffic: TrafficSplit): Record<string, number> {
  const total = Object.values(traffic).reduce((sum, w) => sum + Math.max(0, w), 0);
  return Object.fromEntries(Object.entries(traffic).map(([r, w]) => [r, total > 0 ? Math.max(0, w) / total : 0]));
}

function regionsOf(traffic: TrafficSplit | undefined): string[] {
  return traffic ? servingRegions(traffic) : [];
}

/**
 * A flip's timeline: the first failed probe and the quorum DOWN of the regions it moved traffic
 * away from (when the controller recorded them with the verdicts), then its three phases.
 */
export function flipTimingsOf(e: StoredAuditEntry): FlipTimingsBody | undefined {
  if (e.timings === undefined) return undefined;
  const left = e.from ? servingRegions(e.from).filter((r) => !(e.to && (e.to[r] ?? 0) > 0)) : [];
  const down = left.map((r) => e.verdicts?.[r]).filter((v) => v?.status === 'DOWN');
  const quorumDownAt = Math.max(...down.map((v) => v?.since ?? Number.NEGATIVE_INFINITY));
  const firstFailedProbeAt = Math.min(...down.map((v) => v?.firstFailureAt ?? Number.POSITIVE_INFINITY));
  return {
    ...(Number.isFinite(firstFailedProbeAt) ? { firstFailedProbeAt } : {}),
    ...(Number.isFinite(quorumDownAt) ? { quorumDownAt } : {}),
    intentAt: e.timings.intentAt,
    appliedAt: e.timings.appliedAt,
    completedAt: e.timings.completedAt,
  };
}

export function toAuditEntry(e: StoredAuditEntry): AuditEntryBody {
  const action = e.kind === 'flip' ? (e.cause ?? 'flip') : e.kind;
  const timings = flipTimingsOf(e);
  return {
    id: e.id,
    at: e.at,
    action,
    actor: e.actor,
    reason: e.reason,
    term: e.term,
    ...(e.termNumber !== undefined ? { termNumber: e.termNumber } : {}),
    ...(e.from ? { from: regionsOf(e.from) } : {}),
    ...(e.to ? { to: regionsOf(e.to) } : e.region ? { to: [e.region] } : {}),
    ...(e.outcome === 'superseded'
      ? { outcome: `superseded, not applied: ${e.detail ?? 'no longer valid when rolled forward'}` }
      : e.dns
        ? { outcome: `${e.dns.mode}${e.dns.changed ? ' (records changed)' : ''}` }
        : {}),
    ...(timings ? { timings } : {}),
  };
}

export interface StatusDeps {
  readonly controller: Pick<ControllerApi, 'status' | 'history'>;
  readonly observations: Pick<ObservationStore, 'loadForTargets'>;
  readonly leader: LeaderReader;
  readonly routes: Pick<RoutingReader, 'get'>;
  readonly config: Pick<FailoverConfig, 'checkerRegions' | 'probe' | 'policy'>;
  readonly clock: Pick<Clock, 'wallMs'>;
  /** Local mode's name server; absent in AWS, where `dnsAnswer` is null. */
  readonly dnsAnswer?: DnsAnswerPort;
}

/** GET /status: the controller's view plus what each checker region reported. */
export class ControllerStatusPort implements StatusPort {
  constructor(private readonly deps: StatusDeps) {}

  async status(): Promise<StatusBody> {
    const { controller, observations, leader, config, clock } = this.deps;
    const regions = policyRegions(config.policy);
    const [s, rows, lead, routingTableVersion] = await Promise.all([controller.status(), observations.loadForTargets(regions), leader.current(), this.routingTableVersion()]);
    const now = clock.wallMs();
    const shares = trafficShares(s.traffic);
    const quorumOptions = { checkerRegions: config.checkerRegions, now, intervalMs: config.probe.intervalSeconds * 1000, staleAfterIntervals: config.probe.staleAfterIntervals };
    const regionViews: RegionBody[] = regions.map((region) => {
      const mine = rows.filter((o) => o.target === region);
      const quorum = evaluateQuorum(mine, quorumOptions);
      const checkers: CheckerBody[] = quorum.perChecker.map((c) => ({
        checker: c.checker,
        freshness: c.freshness,
        ...(c.state ? { state: c.state } : {}),
        ...(c.ageMs !== undefined ? { ageMs: c.ageMs } : {}),
        recent: recentOf(mine.find((o) => o.checker === c.checker)),
      }));
      const counting = s.progress?.[region];
      return {
        region,
        verdict: s.verdicts[region]?.status ?? quorum.verdict,
        active: (shares[region] ?? 0) > 0,
        weight: shares[region] ?? 0,
        checkers,
        ...(counting && counting.length > 0 ? { counting: counting.map((p) => ({ toward: p.toward, checkers: p.checkers, quorum: p.quorum, streaks: [...p.streaks] })) } : {}),
      };
    });
    return {
      service: s.service,
      generatedAt: now,
      policy: s.policy,
      flipMode: s.flipMode === 'dns-update' ? 'dns-update' : 'health-signal',
      regions: regionViews,
      active: s.serving.slice(),
      weights: Object.fromEntries(Object.entries(shares).filter(([, w]) => w > 0)),
      leader: lead ? { holder: lead.payload ?? lead.candidate, term: lead.term, ...(lead.termNumber !== undefined ? { termNumber: lead.termNumber } : {}) } : null,
      routingTableVersion,
      pin: s.pin ? { region: s.pin.region, reason: s.pin.reason, actor: s.pin.actor, at: s.pin.at } : null,
      lastFlip: s.lastFlip ? await this.lastFlip(s.lastFlip) : null,
      ...(s.automation ? { automation: automationBody(s.automation) } : {}),
      pendingFlip: s.pendingFlip ? pendingFlipBody(s.pendingFlip) : null,
      ...(s.fenceTerm !== undefined ? { fenceTerm: s.fenceTerm } : {}),
      ...(s.fenceTermNumber !== undefined ? { fenceTermNumber: s.fenceTermNumber } : {}),
      ...(s.flapWindow ? { flapWindow: s.flapWindow } : {}),
      dnsAnswer: this.deps.dnsAnswer?.answerNow() ?? null,
    };
  }

  /** null before the first publish, or while the stored table is corrupt (GET /routes explains). */
  private async routingTableVersion(): Promise<number | null> {
    try {
      return (await this.deps.routes.get()).version;
    } catch (err) {
      if (err instanceof NoRouteTableError || err instanceof CorruptRouteTableError) return null;
      throw err;
    }
  }

  /** The state keeps the last flip's target; its origin and reason are in the audit entry. */
  private async lastFlip(last: NonNullable<Awaited<ReturnType<ControllerApi['status']>>['lastFlip']>): Promise<FlipBody> {
    const page = await this.deps.controller.history({ limit: 10 });
    const entry = page.entries.find((e) => e.id === last.id);
    return {
      at: last.completedAt,
      from: regionsOf(entry?.from),
      to: regionsOf(last.to),
      reason: entry?.reason ?? last.cause,
      term: last.term,
      ...(last.termNumber !== undefined ? { termNumber: last.termNumber } : {}),
      actor: last.actor,
    };
  }
}

type StatusView = Awaited<ReturnType<ControllerApi['status']>>;

/** What automation would do now, flattened for the wire: action, code, detail and the numbers of a hold. */
export function automationBody(a: NonNullable<StatusView['automation']>): AutomationBody {
  if (a.action !== 'decide') return { action: a.action, code: a.intentId, detail: a.detail };
  const d = a.decision;
  if (d.kind === 'flip') return { action: 'flip', code: d.plan.cause, detail: d.plan.reason };
  const f = d.facts ?? {};
  return {
    action: 'hold',
    code: d.code,
    detail: d.detail,
    ...(f.until !== undefined ? { until: f.until } : {}),
    ...(f.secondsLeft !== undefined ? { secondsLeft: f.secondsLeft } : {}),
    ...(f.waiting ? { waiting: [...f.waiting] } : {}),
    ...(f.pin ? { pinnedBy: f.pin.actor } : {}),
    ...(f.regions ? { regions: { ...f.regions } } : {}),
  };
}

function pendingFlipBody(p: NonNullable<StatusView['pendingFlip']>): PendingFlipBody {
  return { id: p.id, cause: p.cause, to: regionsOf(p.to), actor: p.actor, since: p.since, ageSeconds: p.ageSeconds, ...(p.lastError ? { lastError: { ...p.lastError } } : {}) };
}

function recentOf(o: Observation | undefined): CheckerBody['recent'] {
  return (o?.recent ?? []).map((r) => ({ at: r.at, ok: r.ok, ms: r.ms, ...(r.reason ? { reason: r.reason } : {}), ...(r.status !== undefined ? { status: r.status } : {}) }));
}

export class ControllerHistoryPort implements HistoryPort {
  constructor(private readonly controller: Pick<ControllerApi, 'history'>) {}

  /** Cursors are opaque and checked (history-cursor.ts): a made-up one is a 400 before the table sees it. */
  async history(page: { limit: number; cursor?: string }): Promise<{ items: AuditEntryBody[]; nextCursor?: string }> {
    const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const result = await this.controller.history({ limit: page.limit, ...(before !== undefined ? { before } : {}) });
    return { items: result.entries.map(toAuditEntry), ...(result.next ? { nextCursor: encodeCursor(result.next) } : {}) };
  }
}

export class ControllerSignalPort implements SignalPort {
  constructor(private readonly controller: Pick<ControllerApi, 'signalFor'>) {}

  signalFor(region: string): Promise<{ region: string; healthy: boolean; reason: string }> {
    return translateControllerErrors(async () => {
      const answer = await this.controller.signalFor(region);
      return { region, healthy: answer.serving, reason: `${answer.serving ? 'serving' : 'not serving'} per routing table v${answer.version}` };
    });
  }
}

function routeProblem(err: unknown): 'no-routing-table' | 'corrupt-routing-table' | 'no-healthy-region' | undefined {
  if (err instanceof NoRouteTableError) return 'no-routing-table';
  if (err instanceof CorruptRouteTableError) return 'corrupt-routing-table';
  if (err instanceof NoHealthyTargetError) return 'no-healthy-region';
  return undefined;
}

/**
 * GET /routes/{key}: answered from the routing table the controller publishes (docs/routing.md), so
 * every region's API gives the same answer for the same table version. No table yet, a corrupt
 * one, or a read with no healthy region is the service's state, not the client's mistake: 503
 * with a message saying why.
 */
export class TableRoutingPort implements RoutingPort {
  constructor(private readonly reader: Pick<RoutingReader, 'resolveRoute'>) {}

  async route(key: string, op: RouteOp): Promise<RouteBody> {
    try {
      const answer = await this.reader.resolveRoute(key, op);
      return { key: answer.key, op: answer.op, target: answer.target, fallbacks: [...answer.fallbacks], version: answer.version };
    } catch (err) {
      const problem = routeProblem(err);
      if (problem) throw new ServiceRejection('unavailable', (err as Error).message, { problem });
      throw err;
    }
  }
}
