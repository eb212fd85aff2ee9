/**
 * The hosted zones and record sets the local name server answers from, read from Route 53 (moto)
 * with ListHostedZones / ListResourceRecordSets. Reads are shared: concurrent questions wait for one
 * read, and a read younger than `maxAgeMs` is reused, so a burst of queries costs one round trip.
 */
import { ListHostedZonesCommand, ListResourceRecordSetsCommand, type ResourceRecordSet, type Route53Client } from '@aws-sdk/client-route-53';
import type { Clock } from '../../lambdas/platform/clock';
import { fqdn, type FailoverRole, type RecordSetView, type ZoneView } from './rules';

export interface ZoneSourceOptions {
  readonly route53: Route53Client;
  /** Zones to serve (ids with or without `/hostedzone/`). @default every hosted zone */
  readonly zoneIds?: readonly string[];
  readonly clock: Pick<Clock, 'monotonicMs'>;
  /** @default 250 */
  readonly maxAgeMs?: number;
}

export interface ZoneSource {
  zones(): Promise<readonly ZoneView[]>;
}

/** An SDK record set as the data plane sees it; alias records keep no values (they are not emulated). */
export function toRecordSetView(r: ResourceRecordSet): RecordSetView {
  return {
    name: fqdn(r.Name ?? ''),
    type: r.Type ?? '',
    ttl: r.TTL ?? 0,
    values: (r.ResourceRecords ?? []).map((v) => v.Value ?? ''),
    ...(r.SetIdentifier !== undefined ? { setIdentifier: r.SetIdentifier } : {}),
    ...(r.Failover !== undefined ? { failover: r.Failover as FailoverRole } : {}),
    ...(r.Weight !== undefined ? { weight: r.Weight } : {}),
    ...(r.HealthCheckId !== undefined ? { healthCheckId: r.HealthCheckId } : {}),
  };
}

const bareId = (id: string): string => id.replace(/^\/hostedzone\//, '');

async function zoneIdsAndNames(route53: Route53Client, only?: readonly string[]): Promise<{ id: string; name: string }[]> {
  const zones: { id: string; name: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await route53.send(new ListHostedZonesCommand({ ...(marker ? { Marker: marker } : {}) }));
    for (const z of page.HostedZones ?? []) if (z.Id && z.Name) zones.push({ id: bareId(z.Id), name: fqdn(z.Name) });
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  const wanted = only?.map(bareId);
  return wanted ? zones.filter((z) => wanted.includes(z.id)) : zones;
}

async function recordSets(route53: Route53Client, zoneId: string): Promise<RecordSetView[]> {
  const out: RecordSetView[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...start }));
    out.push(...(page.ResourceRecordSets ?? []).map(toRecordSetView));
    if (!page.IsTruncated) return out;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}) };
  }
}

export function createZoneSource(options: ZoneSourceOptions): ZoneSource {
  const maxAgeMs = options.maxAgeMs ?? 250;
  let last: { at: number; zones: readonly ZoneView[] } | undefined;
  let reading: Promise<readonly ZoneView[]> | undefined;
  const read = async (): Promise<readonly ZoneView[]> => {
    const at = options.clock.monotonicMs();
    const ids = await zoneIdsAndNames(options.route53, options.zoneIds);
    const zones = await Promise.all(ids.map(async (z) => ({ name: z.name, records: await recordSets(options.route53, z.id) })));
    last = { at, zones };
    return zones;
  };
  return {
    zones() {
      if (last && options.clock.monotonicMs() - last.at <= maxAgeMs) return Promise.resolve(last.zones);
      reading ??= read().finally(() => {
        reading = undefined;
      });
      return reading;
    },
  };
}
