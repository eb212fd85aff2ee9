/**
 * The region-loss analysis: for every region the service depends on, what happens if that region is
 * lost whole — its app, its Lambdas, its API and its table replica at once. Pure, computed from the
 * config; synth and local start refuse a config in which a loss blocks failing over away from the
 * lost region (`gate.ts`), and `failover topology` prints it.
 *
 * The model (docs/deploy.md, "Region loss"): a checker votes while its region lives and it reaches a
 * replica; a DOWN verdict needs ⌊C/2⌋ + 1 fresh votes of C checker regions. A controller can lead
 * while the Coordination table accepts writes (single-region: its one region lives; MRSC: 2 of 3
 * replicas live) and some controller region reaches it. In health-signal mode an app region's record
 * is healthy while at least `threshold` signal endpoints answer 200 for it; in dns-update mode a flip
 * is a Route 53 control-plane call, served from us-east-1. Components try their replicas in
 * `replicaOrder` and move on when one does not answer, so they survive the loss of their first one.
 */
import type { FailoverConfig } from '../../config';
import { tableAccess, tablesAvailable, type TableAccess } from './access';
import { appRegionsOf, coordinationMajority, faultDomains, replicaOrder, ROUTE53_CONTROL_PLANE_REGION, stackRegions } from './regions';
import { answeringEndpoints, planSignals, type SignalPlan } from './signal-plan';

type Analysed = Pick<FailoverConfig, 'service' | 'coordination' | 'appRegions' | 'checkerRegions' | 'dns' | 'acceptRegionLoss'>;

/** What runs in a region. */
export type RegionRole = 'app' | 'checker' | 'controller' | 'api' | 'replica' | 'route53-control-plane';

/**
 * `survives`: nothing needed is lost. `degraded`: no failover is needed (no app traffic there), but
 * a later one could not happen until the region returns. `blocked`: failing over away from the lost
 * region (or keeping the active one served) is impossible. `accepted`: blocked, by a documented
 * choice — single-region coordination's table region, or a region listed in `acceptRegionLoss`.
 */
export type LossOutcome = 'survives' | 'degraded' | 'blocked' | 'accepted';

export interface CheckerVotes {
  /** Checker regions still writing observations, with the replica each writes to. */
  readonly voting: readonly TableAccess[];
  /** Checker regions that no longer vote, and why. */
  readonly silent: readonly { readonly region: string; readonly why: string }[];
  /** Fresh votes a verdict needs: ⌊C/2⌋ + 1. */
  readonly quorum: number;
  readonly reachable: boolean;
}

export interface CoordinationAfterLoss {
  readonly mode: FailoverConfig['coordination']['mode'];
  readonly replicasAlive: readonly string[];
  /** Replicas needed for strongly consistent reads and writes. */
  readonly needed: number;
  readonly available: boolean;
}

export interface ControllersAfterLoss {
  /** Surviving controller regions that reach a replica (one of them leads). */
  readonly candidates: readonly TableAccess[];
  /** Candidates woken within a second by their local replica's Observations stream; the rest run on the one-minute schedule. */
  readonly streamTriggered: readonly string[];
  readonly canLead: boolean;
}

export interface SignalRecord {
  /** A surviving app region. */
  readonly region: string;
  /** Signal endpoints that answer for it (200 once it is the flip's target). */
  readonly answering: readonly string[];
  readonly healthy: boolean;
}

export interface DnsAfterLoss {
  readonly flipMode: FailoverConfig['dns']['flipMode'];
  /** health-signal: the CALCULATED check's threshold and endpoint count. */
  readonly signals?: { readonly threshold: number; readonly endpoints: number };
  /** health-signal: each surviving app region's record. */
  readonly records: readonly SignalRecord[];
  /** health-signal: after the flip the surviving endpoints answer 503 for the lost region and its own API is gone. */
  readonly lostRecordUnhealthy: boolean;
  /** A flip needs Route 53's control plane (dns-update mode). */
  readonly controlPlaneNeeded: boolean;
  readonly controlPlaneAvailable: boolean;
}

export interface RegionLoss {
  readonly lost: string;
  readonly roles: readonly RegionRole[];
  /** An app region: traffic may have to move away from it. */
  readonly failoverNeeded: boolean;
  readonly checkers: CheckerVotes;
  readonly coordination: CoordinationAfterLoss;
  readonly controllers: ControllersAfterLoss;
  readonly dns: DnsAfterLoss;
  readonly outcome: LossOutcome;
  /** Why it is blocked, degraded or accepted, one sentence each; empty when it survives. */
  readonly reasons: readonly string[];
}

export interface RegionLossAnalysis {
  readonly service: string;
  readonly coordinationMode: FailoverConfig['coordination']['mode'];
  readonly flipMode: FailoverConfig['dns']['flipMode'];
  /** Per regional-stack region: the replicas its components try, in order. */
  readonly replicaOrders: Readonly<Record<string, readonly string[]>>;
  /** health-signal mode: the signal endpoints and threshold the DNS stack uses. */
  readonly signals?: SignalPlan;
  readonly losses: readonly RegionLoss[];
}

export interface RegionLossOptions {
  /** The CALCULATED check's threshold when the DNS stack overrides the planned one. */
  readonly signalThreshold?: number;
}

function rolesIn(region: string, config: Analysed): RegionRole[] {
  const roles: RegionRole[] = [];
  if (appRegionsOf(config).includes(region)) roles.push('app');
  if (config.checkerRegions.includes(region)) roles.push('checker');
  if (stackRegions(config).includes(region)) roles.push('controller', 'api');
  if (config.coordination.regions.includes(region)) roles.push('replica');
  if (region === ROUTE53_CONTROL_PLANE_REGION) roles.push('route53-control-plane');
  return roles;
}

function checkerVotes(config: Analysed, lost: string): CheckerVotes {
  const quorum = Math.floor(config.checkerRegions.length / 2) + 1;
  const access = config.checkerRegions.map((region) => tableAccess(region, config, lost));
  const voting = access.filter((a) => a.replica !== undefined);
  const silent = access.filter((a) => a.replica === undefined).map((a) => ({ region: a.region, why: a.region === lost ? 'lost' : 'reaches no replica' }));
  return { voting, silent, quorum, reachable: voting.length >= quorum };
}

function coordinationAfter(config: Analysed, lost: string): CoordinationAfterLoss {
  return {
    mode: config.coordination.mode,
    replicasAlive: config.coordination.regions.filter((r) => r !== lost),
    needed: coordinationMajority(config),
    available: tablesAvailable(config, lost),
  };
}

function controllersAfter(config: Analysed, lost: string): ControllersAfterLoss {
  const candidates = stackRegions(config)
    .map((region) => tableAccess(region, config, lost))
    .filter((a) => a.replica !== undefined);
  // A stream trigger reads the local replica's stream: only a candidate that holds a live replica has one.
  const streamTriggered = candidates.filter((a) => a.replica === a.region).map((a) => a.region);
  return { candidates, streamTriggered, canLead: candidates.length > 0 };
}

function dnsAfter(config: Analysed, lost: string, plan: SignalPlan | undefined): DnsAfterLoss {
  const controlPlaneNeeded = config.dns.flipMode === 'dns-update';
  const controlPlaneAvailable = lost !== ROUTE53_CONTROL_PLANE_REGION;
  if (plan === undefined) return { flipMode: config.dns.flipMode, records: [], lostRecordUnhealthy: true, controlPlaneNeeded, controlPlaneAvailable };
  const answering = answeringEndpoints(plan.endpoints, config, lost);
  const records = appRegionsOf(config)
    .filter((region) => region !== lost)
    .map((region) => ({ region, answering, healthy: answering.length >= plan.threshold }));
  return {
    flipMode: config.dns.flipMode,
    signals: { threshold: plan.threshold, endpoints: plan.endpoints.length },
    records,
    // After the flip every answering endpoint says 503 for the lost region, and its own endpoint is gone.
    lostRecordUnhealthy: plan.threshold >= 1,
    controlPlaneNeeded,
    controlPlaneAvailable,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Why a loss blocks the service; empty when it does not. `needed` says whether a failover away from the lost region is needed. */
function blockers(config: Analysed, lost: string, parts: Pick<RegionLoss, 'checkers' | 'coordination' | 'controllers' | 'dns' | 'failoverNeeded'>): { blocking: string[]; degrading: string[] } {
  const { checkers, coordination, controllers, dns, failoverNeeded } = parts;
  const forFailover: string[] = [];
  if (!checkers.reachable) {
    const silent = checkers.silent.map((s) => `${s.region} ${s.why}`).join(', ');
    forFailover.push(
      `only ${checkers.voting.length} of ${config.checkerRegions.length} checker regions still vote (${silent}); a verdict needs ${checkers.quorum}, so ${failoverNeeded ? `${lost} is never declared DOWN` : 'no region can be declared DOWN'}`,
    );
  }
  if (!coordination.available) {
    forFailover.push(
      coordination.mode === 'mrsc'
        ? `the MRSC tables need ${coordination.needed} of ${config.coordination.regions.length} replicas and only ${coordination.replicasAlive.length} is left: no controller can lead or flip`
        : `the tables live only in ${lost} (single-region coordination): no controller can lead or flip`,
    );
  } else if (!controllers.canLead) {
    forFailover.push('no surviving controller region reaches a replica: no controller can lead');
  }
  if (failoverNeeded && dns.controlPlaneNeeded && !dns.controlPlaneAvailable) {
    forFailover.push(
      `dns.flipMode is dns-update, so a flip is a Route 53 control-plane call, which is served from ${ROUTE53_CONTROL_PLANE_REGION} — the lost region (health-signal mode needs no control plane)`,
    );
  }
  const always: string[] = [];
  const unhealthy = dns.records.filter((r) => !r.healthy);
  if (unhealthy.length > 0 && dns.signals) {
    const answering = unhealthy[0]?.answering ?? [];
    always.push(
      `the ${unhealthy.map((r) => r.region).join(', ')} record${unhealthy.length === 1 ? '' : 's'} would get ${plural(answering.length, 'healthy signal')}${answering.length > 0 ? ` (${answering.join(', ')})` : ''}, below the threshold of ${dns.signals.threshold}: ${
        failoverNeeded ? `with no healthy record Route 53 answers as if all were healthy, ${lost} included` : 'a serving region would be judged unhealthy'
      }`,
    );
  }
  return failoverNeeded ? { blocking: [...forFailover, ...always], degrading: [] } : { blocking: always, degrading: forFailover };
}

function lossOf(config: Analysed, lost: string, plan: SignalPlan | undefined): RegionLoss {
  const failoverNeeded = appRegionsOf(config).includes(lost);
  const parts = {
    failoverNeeded,
    checkers: checkerVotes(config, lost),
    coordination: coordinationAfter(config, lost),
    controllers: controllersAfter(config, lost),
    dns: dnsAfter(config, lost, plan),
  };
  const { blocking, degrading } = blockers(config, lost, parts);
  const base = { lost, roles: rolesIn(lost, config), ...parts };
  if (blocking.length > 0) {
    if (config.coordination.mode === 'single-region' && !parts.coordination.available) {
      return {
        ...base,
        outcome: 'accepted',
        reasons: [
          `single-region coordination keeps every table in ${lost} alone: while ${lost} is lost nothing is decided, flipped or signalled (use mrsc coordination over 3 regions to survive it)`,
          ...blocking,
        ],
      };
    }
    if (config.acceptRegionLoss?.includes(lost)) return { ...base, outcome: 'accepted', reasons: [`accepted by acceptRegionLoss in the config`, ...blocking] };
    return { ...base, outcome: 'blocked', reasons: blocking };
  }
  if (degrading.length > 0) return { ...base, outcome: 'degraded', reasons: [`no failover is needed (${lost} serves no app traffic), but until it returns: ${degrading.join('; ')}`] };
  return { ...base, outcome: 'survives', reasons: [] };
}

export function analyzeRegionLoss(config: Analysed, options: RegionLossOptions = {}): RegionLossAnalysis {
  const planned = config.dns.flipMode === 'health-signal' ? planSignals(config) : undefined;
  const signals = planned && options.signalThreshold !== undefined ? { ...planned, threshold: options.signalThreshold } : planned;
  return {
    service: config.service,
    coordinationMode: config.coordination.mode,
    flipMode: config.dns.flipMode,
    replicaOrders: Object.fromEntries(stackRegions(config).map((r) => [r, replicaOrder(r, config)])),
    ...(signals ? { signals } : {}),
    losses: faultDomains(config).map((lost) => lossOf(config, lost, signals)),
  };
}
