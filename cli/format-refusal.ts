/**
 * A refusal because a region is not UP (409 with `details.regions`): which region is what, and how
 * long until it could be UP.
 */
import type { RegionReadinessBody } from '../lambdas/api/schemas';
import { textTable } from './text';

function regionsOf(body: unknown): RegionReadinessBody[] | undefined {
  const details = (body as { details?: { regions?: unknown } } | undefined)?.details;
  return Array.isArray(details?.regions) ? (details.regions as RegionReadinessBody[]) : undefined;
}

function upIn(r: RegionReadinessBody): string {
  if (r.verdict === 'UP') return 'UP now';
  return r.upInSeconds === null ? 'not yet: probes still failing' : `about ${r.upInSeconds} s`;
}

/** The table to print under the refusal message, or undefined when the body has none. */
export function formatNotReady(body: unknown): string | undefined {
  const regions = regionsOf(body);
  if (regions === undefined || regions.length === 0) return undefined;
  const rows = regions.map((r) => [r.region, r.verdict, r.serving ? 'yes' : 'no', `${r.checkersUp} (need ${r.quorum})`, upIn(r)]);
  return `${textTable(['REGION', 'VERDICT', 'SERVING', 'CHECKERS UP', 'UP IN'], rows)}\n\n--force moves traffic anyway (into a region that is not UP: at your own risk).`;
}
