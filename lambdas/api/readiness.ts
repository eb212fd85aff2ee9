/**
 * Why an operator action that needs a healthy region was refused, in terms a person can act on:
 * for each app region its verdict, whether it takes traffic, how many checker regions see it UP
 * against the quorum, and — while its probes are succeeding again — how long until hysteresis can
 * turn it UP. Attached to 409 refusals (`details.regions`) of failover, failback and pin.
 */
import type { FailoverConfig } from '../config/schema';
import { evaluateQuorum, type HealthStatus, type Observation, type ObservationStore } from '../health';
import type { Clock } from '../platform/clock';
import type { RegionReadinessBody } from './schemas';

export interface ReadinessInput {
  readonly region: string;
  /** This region's observations, one per checker region (others are ignored). */
  readonly observations: readonly Observation[];
  readonly serving: boolean;
  readonly config: Pick<FailoverConfig, 'checkerRegions' | 'probe'>;
  readonly now: number;
}

/**
 * Milliseconds until one checker can report UP if every probe from now on succeeds: 0 when it
 * already does; undefined when its probes are still failing (or it is silent), since then nobody
 * can tell.
 */
function checkerUpInMs(o: Observation | undefined, fresh: boolean, recoveryThreshold: number, intervalMs: number, now: number): number | undefined {
  if (o === undefined || !fresh) return undefined;
  if (o.state === 'UP') return 0;
  if (o.consecutiveSuccesses === 0) return undefined;
  const probesLeft = Math.max(0, recoveryThreshold - o.consecutiveSuccesses);
  // The next probe is due one interval after the last write.
  return Math.max(0, probesLeft * intervalMs - Math.max(0, now - o.observedAt));
}

export function readinessOf(input: ReadinessInput): RegionReadinessBody {
  const { config, now, region } = input;
  const intervalMs = config.probe.intervalSeconds * 1000;
  const quorum = evaluateQuorum(input.observations, { checkerRegions: config.checkerRegions, now, intervalMs, staleAfterIntervals: config.probe.staleAfterIntervals });
  const estimates = quorum.perChecker.map((c) =>
    checkerUpInMs(
      input.observations.find((o) => o.checker === c.checker),
      c.freshness === 'fresh',
      config.probe.recoveryThreshold,
      intervalMs,
      now,
    ),
  );
  const known = estimates.filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
  // UP needs `quorum` checkers UP: the quorum-th soonest checker decides.
  const soonest = known.length >= quorum.quorum ? known[quorum.quorum - 1] : undefined;
  const upInSeconds = quorum.verdict === 'UP' ? 0 : soonest === undefined ? null : Math.ceil(soonest / 1000);
  return {
    region,
    verdict: quorum.verdict,
    serving: input.serving,
    checkersUp: quorum.votes.up,
    quorum: quorum.quorum,
    upInSeconds,
    detail: describe(quorum.verdict, { up: quorum.votes.up, of: quorum.perChecker.length, quorum: quorum.quorum }, upInSeconds, config.probe),
  };
}

function describe(
  verdict: HealthStatus,
  votes: { readonly up: number; readonly of: number; readonly quorum: number },
  upInSeconds: number | null,
  probe: Pick<FailoverConfig['probe'], 'recoveryThreshold' | 'intervalSeconds'>,
): string {
  const tally = `${votes.up} of ${votes.of} checker regions see it UP, ${votes.quorum} needed`;
  if (verdict === 'UP') return `UP (${tally})`;
  if (upInSeconds !== null) return `${verdict} (${tally}); can be UP in about ${upInSeconds} s if its probes keep succeeding`;
  return `${verdict} (${tally}); its probes are not succeeding yet — once they do, UP takes ${probe.recoveryThreshold} successful probes in a row (about ${probe.recoveryThreshold * probe.intervalSeconds} s)`;
}

export interface ReadinessDeps {
  readonly observations: Pick<ObservationStore, 'loadForTargets'>;
  readonly config: Pick<FailoverConfig, 'checkerRegions' | 'probe'>;
  readonly clock: Pick<Clock, 'wallMs'>;
}

/** Reads the Observations table and reports every app region's readiness, in the given order. */
export class ReadinessReader {
  constructor(private readonly deps: ReadinessDeps) {}

  async regions(regions: readonly string[], serving: readonly string[]): Promise<RegionReadinessBody[]> {
    const rows = await this.deps.observations.loadForTargets(regions);
    const now = this.deps.clock.wallMs();
    return regions.map((region) => readinessOf({ region, observations: rows.filter((o) => o.target === region), serving: serving.includes(region), config: this.deps.config, now }));
  }
}

/** `us-east-1 DOWN: 0 of 2 …; us-west-2 UP (serving)` for messages. */
export function describeReadiness(regions: readonly RegionReadinessBody[]): string {
  return regions.map((r) => `${r.region}${r.serving ? ' (serving)' : ''} ${r.detail}`).join('; ');
}
