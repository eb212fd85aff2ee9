/**
 * Where each piece of a deployment lives, derived from the config alone (no CDK): which regions get a
 * regional stack, which table replicas each region talks to (in order), which regions can attach the
 * Observations stream, and where the DNS and monitoring stacks go. Kept pure so the layout is
 * unit-testable and the stacks only translate it into resources. The placement rules themselves
 * (`replicaOrder`, `stackRegions`) live in lambdas/platform/topology, shared with the region-loss
 * analysis, local mode and the CLI.
 */
import type { FailoverConfig } from '../lambdas/config';
import { replicaOrder, ROUTE53_CONTROL_PLANE_REGION, stackRegions } from '../lambdas/platform/topology';

/** Route 53 is global, but its health-check metrics (and so alarms on them) live in us-east-1. */
export const ROUTE53_METRICS_REGION = ROUTE53_CONTROL_PLANE_REGION;

export interface RegionalLayout {
  readonly region: string;
  /** Runs the checker Lambda (the region is one of `checkerRegions`). */
  readonly checker: boolean;
  /** One of `appRegions`: its traffic is steered by the DNS record. */
  readonly app: boolean;
  /**
   * The table replicas this region's Lambdas read and write, in the order they try them: the region's
   * own replica first when it holds one (see `replicaOrder`). They move to the next replica when one
   * does not answer, so no single replica region is load-bearing.
   */
  readonly tableRegions: readonly string[];
  /** The first of `tableRegions`. */
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

export function topology(config: FailoverConfig): Topology {
  const coordinationRegions = config.coordination.regions;
  const [dataRegion] = coordinationRegions;
  if (dataRegion === undefined) throw new TopologyError('coordination.regions is empty: list 1 (single-region) or 3 (mrsc) regions');
  const appRegions = config.appRegions.map((r) => r.region);
  return {
    service: config.service,
    dataRegion,
    regional: stackRegions(config).map((region) => {
      const tableRegions = replicaOrder(region, config);
      return {
        region,
        checker: config.checkerRegions.includes(region),
        app: appRegions.includes(region),
        tableRegions,
        tableRegion: tableRegions[0] ?? dataRegion,
        observationStream: coordinationRegions.includes(region),
      };
    }),
    dnsRegion: ROUTE53_METRICS_REGION,
    monitoringRegion: ROUTE53_METRICS_REGION,
  };
}
