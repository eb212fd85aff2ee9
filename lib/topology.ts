/**
 * Where each piece of a deployment lives, derived from the config alone (no CDK): which regions get a
 * regional stack, which table replica each region talks to, which regions can attach the Observations
 * stream, and where the DNS and monitoring stacks go. Kept pure so the layout is unit-testable and
 * the stacks only translate it into resources.
 */
import type { FailoverConfig } from '../lambdas/config';

/** Route 53 is global, but its health-check metrics (and so alarms on them) live in us-east-1. */
export const ROUTE53_METRICS_REGION = 'us-east-1';

export interface RegionalLayout {
  readonly region: string;
  /** Runs the checker Lambda (the region is one of `checkerRegions`). */
  readonly checker: boolean;
  /** One of `appRegions`: its traffic is steered by the DNS record. */
  readonly app: boolean;
  /**
   * Region of the table replica this region's Lambdas read and write: the region itself when it holds
   * a replica, else the coordination region closest by name (same geography prefix), else the first.
   */
  readonly tableRegion: string;
  /**
   * The controller is triggered by the Observations stream of the local replica. Only a region that
   * holds a replica can: an event source mapping cannot read another region's stream.
   */
  readonly observationStream: boolean;
}

export interface Topology {
  readonly service: string;
  /** Region of the data stack (the first coordination region; for MRSC the other two are replicas). */
  readonly dataRegion: string;
  /** One entry per distinct app or checker region, app regions first, in config order. */
  readonly regional: readonly RegionalLayout[];
  /** Region of the DNS stack (hosted zone, records, health checks). */
  readonly dnsRegion: string;
  /** Region of the monitoring stack (the dashboard, which reads metrics from every region). */
  readonly monitoringRegion: string;
}

export class TopologyError extends Error {
  override readonly name = 'TopologyError';
}

/** `us-east-1` → `us`, `eu-west-1` → `eu`, `us-gov-west-1` → `us-gov`. */
function geography(region: string): string {
  return region.replace(/-[a-z]+-\d$/, '');
}

export function nearestCoordinationRegion(region: string, coordinationRegions: readonly string[]): string {
  const [first] = coordinationRegions;
  if (first === undefined) throw new TopologyError('coordination.regions is empty: list 1 (single-region) or 3 (mrsc) regions');
  if (coordinationRegions.includes(region)) return region;
  return coordinationRegions.find((r) => geography(r) === geography(region)) ?? first;
}

export function topology(config: FailoverConfig): Topology {
  const coordinationRegions = config.coordination.regions;
  const [dataRegion] = coordinationRegions;
  if (dataRegion === undefined) throw new TopologyError('coordination.regions is empty: list 1 (single-region) or 3 (mrsc) regions');
  const appRegions = config.appRegions.map((r) => r.region);
  const regions = [...new Set([...appRegions, ...config.checkerRegions])];
  return {
    service: config.service,
    dataRegion,
    regional: regions.map((region) => ({
      region,
      checker: config.checkerRegions.includes(region),
      app: appRegions.includes(region),
      tableRegion: nearestCoordinationRegion(region, coordinationRegions),
      observationStream: coordinationRegions.includes(region),
    })),
    dnsRegion: ROUTE53_METRICS_REGION,
    monitoringRegion: ROUTE53_METRICS_REGION,
  };
}
