/**
 * What still works when one region is lost: which replicas are alive, whether the tables still
 * accept strongly consistent reads and writes, and which replica a component in a surviving region
 * ends up using (its first reachable one, in `replicaOrder`). Pure; the region-loss analysis and the
 * signal plan are built from these.
 */
import type { FailoverConfig } from '../../config';
import { coordinationMajority, replicaOrder } from './regions';

type Layout = Pick<FailoverConfig, 'coordination' | 'appRegions' | 'checkerRegions'>;

/** The tables still answer strongly consistent reads and writes: single-region while its region lives, MRSC while a majority of replicas does. */
export function tablesAvailable(config: Layout, lost: string): boolean {
  const alive = config.coordination.regions.filter((r) => r !== lost);
  return alive.length >= coordinationMajority(config);
}

export interface TableAccess {
  /** Region of the component. */
  readonly region: string;
  /** Replica it ends up using; undefined when it reaches none. */
  readonly replica?: string;
  /** True when that is not its first choice (it moved on after a failed attempt). */
  readonly fallback: boolean;
}

/** The replica a component in `region` uses once `lost` is gone (undefined: the component itself is lost, or no replica answers). */
export function tableAccess(region: string, config: Layout, lost: string): TableAccess {
  if (region === lost || !tablesAvailable(config, lost)) return { region, fallback: false };
  const order = replicaOrder(region, config);
  const replica = order.find((r) => r !== lost);
  return replica === undefined ? { region, fallback: false } : { region, replica, fallback: replica !== order[0] };
}

/** One line for people: `eu-west-1 via us-east-2` or `eu-west-1 via us-west-2 (fallback)`. */
export function describeAccess(access: TableAccess): string {
  return access.replica === undefined ? `${access.region} (no replica)` : `${access.region} via ${access.replica}${access.fallback ? ' (fallback)' : ''}`;
}
