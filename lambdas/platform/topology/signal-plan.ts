/**
 * Health-signal DNS: which signal endpoints vouch for a region and how many must (the CALCULATED
 * health check's threshold). Every regional API serves `GET /signal/{region}` from the shared State
 * table, so each app region's record is judged by all of them, never by its own region alone.
 *
 * The threshold is a majority of the endpoints, lowered until the loss of any one region (its API
 * and its replica) still leaves enough endpoints answering for the surviving regions' records.
 * A lower threshold costs nothing in safety: an endpoint that cannot read the state answers 5xx
 * (unhealthy), and MRSC reads are strongly consistent, so a surviving endpoint never vouches for a
 * region the controller has flipped away from. Losses that no threshold can survive (the only table
 * of single-region coordination) do not lower it.
 */
import type { FailoverConfig } from '../../config';
import { tableAccess, tablesAvailable } from './access';
import { faultDomains, stackRegions } from './regions';

type Layout = Pick<FailoverConfig, 'coordination' | 'appRegions' | 'checkerRegions'>;

export interface SignalPlan {
  /** API regions whose signal endpoint each record's CALCULATED check counts. */
  readonly endpoints: readonly string[];
  /** Healthy signals a record needs. */
  readonly threshold: number;
  /** ⌊n/2⌋ + 1 of the endpoints, what the threshold would be without region loss to survive. */
  readonly majority: number;
}

/** Endpoints still answering once `lost` is gone: alive and reading the State table from some replica. */
export function answeringEndpoints(endpoints: readonly string[], config: Layout, lost: string): string[] {
  return endpoints.filter((region) => tableAccess(region, config, lost).replica !== undefined);
}

/** @param endpoints API regions with a signal endpoint. @default every regional stack's region */
export function planSignals(config: Layout, endpoints: readonly string[] = stackRegions(config)): SignalPlan {
  const majority = Math.floor(endpoints.length / 2) + 1;
  const survivable = faultDomains(config).filter((lost) => tablesAvailable(config, lost));
  const fewest = Math.min(...survivable.map((lost) => answeringEndpoints(endpoints, config, lost).length));
  return { endpoints, threshold: Math.max(1, Math.min(majority, fewest)), majority };
}

/**
 * Regions whose loss would leave fewer than `threshold` endpoints answering (so the surviving
 * records would go unhealthy), one sentence each; losses no threshold survives and losses the
 * config accepts are not listed.
 */
export function signalThresholdProblems(config: Layout & { readonly acceptRegionLoss?: readonly string[] }, endpoints: readonly string[], threshold: number): string[] {
  return faultDomains(config)
    .filter((lost) => tablesAvailable(config, lost) && !config.acceptRegionLoss?.includes(lost))
    .map((lost) => ({ lost, answering: answeringEndpoints(endpoints, config, lost) }))
    .filter(({ answering }) => answering.length < threshold)
    .map(({ lost, answering }) => `losing ${lost} leaves ${answering.length} of ${endpoints.length} signal endpoints answering, below the threshold of ${threshold}`);
}
