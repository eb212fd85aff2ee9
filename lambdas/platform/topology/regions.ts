/**
 * Where the service's parts live, from the config alone (pure): which regions run a regional stack
 * (checker, controller, API), which hold a table replica, and — for every region — the ordered list
 * of replicas its components read and write. Shared by synth (lib/), the Lambda environment, local
 * mode and the CLI, so the layout that is deployed is the layout that is analysed.
 */
import type { FailoverConfig } from '../../config';

/**
 * Route 53's control plane (the API that changes records and health checks) is served from
 * us-east-1; its data plane (DNS answers, health checkers) is global. Its health-check metrics live
 * there too.
 */
export const ROUTE53_CONTROL_PLANE_REGION = 'us-east-1';

/** `us-east-1` → `us`, `eu-west-1` → `eu`, `us-gov-west-1` → `us-gov`. */
export function geography(region: string): string {
  return region.replace(/-[a-z]+-\d$/, '');
}

type Layout = Pick<FailoverConfig, 'coordination' | 'appRegions' | 'checkerRegions'>;

/** App regions of the config, in config order. */
export function appRegionsOf(config: Pick<FailoverConfig, 'appRegions'>): string[] {
  return config.appRegions.map((a) => a.region);
}

/** Every region that runs a regional stack (controller, API, and the checker where it checks): app regions first, then checker-only regions. */
export function stackRegions(config: Pick<FailoverConfig, 'appRegions' | 'checkerRegions'>): string[] {
  return [...new Set([...appRegionsOf(config), ...config.checkerRegions])];
}

/**
 * Every region whose loss the service must think about: regional stacks, replica regions, and the
 * Route 53 control plane's region.
 */
export function faultDomains(config: Layout): string[] {
  return [...new Set([...stackRegions(config), ...config.coordination.regions, ROUTE53_CONTROL_PLANE_REGION])];
}

/**
 * The replicas a component in `region` talks to, in the order it tries them: its own replica first
 * (when the region holds one), then replicas in the same geography, then the rest. Within each group
 * a replica in a region that serves no app traffic comes first: an app region is the region whose
 * loss we fail over from, so a component that starts elsewhere does not pay a failed attempt in the
 * very incident it must act on. Ties keep config order. Every replica appears exactly once.
 */
export function replicaOrder(region: string, config: Layout): string[] {
  const replicas = config.coordination.regions;
  const apps = new Set(appRegionsOf(config));
  const rank = (replica: string): number => (replica === region ? 0 : 1) * 4 + (geography(replica) === geography(region) ? 0 : 2) + (apps.has(replica) ? 1 : 0);
  return replicas
    .map((replica, index) => ({ replica, index }))
    .sort((a, b) => rank(a.replica) - rank(b.replica) || a.index - b.index)
    .map((r) => r.replica);
}

/** Replica regions that must be alive for the tables to accept strongly consistent reads and writes. */
export function coordinationMajority(config: Pick<FailoverConfig, 'coordination'>): number {
  return Math.floor(config.coordination.regions.length / 2) + 1;
}
