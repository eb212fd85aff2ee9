/**
 * Creates in Route 53 (moto) the health checks and records of the shared DNS description
 * (`lambdas/platform/dns-setup.ts`), as the CDK DNS construct deploys them. Idempotent: a check is
 * found by its caller reference `<service>/<key>/<config hash>`, so an unchanged check is reused and
 * a changed one (e.g. the local API moved to another port) is created anew and the old one deleted
 * once no record uses it.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  type HealthCheckConfig,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import type { FailoverConfig } from '../lambdas/config';
import type { DnsHealthCheckSpec, DnsSetup, SignalEndpoint } from '../lambdas/platform/dns-setup';
import { topology } from '../lib/topology';
import { listHealthChecks } from './route53/health-checks';

/**
 * Locally one API serves every region's signal route (`/signal/{region}`, no stage); the setup
 * still lists one signal endpoint per API region, as deployed, all at that API.
 */
export function localSignalEndpoints(config: FailoverConfig, apiUrls: string | Readonly<Record<string, string>>): SignalEndpoint[] {
  return topology(config).regional.map((r) => {
    // One API for every region (single-process local mode), or each region's own (regional mode).
    const apiUrl = typeof apiUrls === 'string' ? apiUrls : apiUrls[r.region];
    if (apiUrl === undefined) throw new Error(`no local API for the signal endpoint of ${r.region}`);
    const url = new URL(apiUrl);
    const protocol = url.protocol === 'https:' ? 'HTTPS' : 'HTTP';
    const port = Number(url.port || (protocol === 'HTTPS' ? 443 : 80));
    return { region: r.region, protocol, host: url.hostname, port, basePath: url.pathname.replace(/\/$/, ''), enableSni: false };
  });
}

function sdkConfig(spec: DnsHealthCheckSpec, idOf: (key: string) => string): HealthCheckConfig {
  if (spec.kind === 'calculated') return { Type: 'CALCULATED', ChildHealthChecks: spec.children.map(idOf), HealthThreshold: spec.healthThreshold, Inverted: spec.inverted };
  return {
    Type: spec.type,
    ...(isIP(spec.host) ? { IPAddress: spec.host } : { FullyQualifiedDomainName: spec.host }),
    Port: spec.port,
    ResourcePath: spec.resourcePath,
    EnableSNI: spec.enableSni,
    RequestInterval: spec.requestIntervalSeconds,
    FailureThreshold: spec.failureThreshold,
  };
}

/** @returns the Route 53 id of every health check, by its key in the setup. */
export async function provisionDnsSetup(route53: Route53Client, hostedZoneId: string, service: string, setup: DnsSetup): Promise<Record<string, string>> {
  const existing = await listHealthChecks(route53);
  const ids: Record<string, string> = {};
  const idOf = (key: string): string => {
    const id = ids[key];
    if (id === undefined) throw new Error(`health check ${key} is used before it is defined`);
    return id;
  };
  const replaced: string[] = [];
  for (const spec of setup.healthChecks) {
    const HealthCheckConfig = sdkConfig(spec, idOf);
    const prefix = `${service}/${spec.key}/`;
    const reference = `${prefix}${createHash('sha256').update(JSON.stringify(HealthCheckConfig)).digest('hex').slice(0, 16)}`;
    const same = existing.find((c) => c.CallerReference === reference);
    replaced.push(...existing.filter((c) => c.CallerReference?.startsWith(prefix) && c.CallerReference !== reference).map((c) => c.Id ?? ''));
    if (same?.Id) {
      ids[spec.key] = same.Id;
      continue;
    }
    const created = await route53.send(new CreateHealthCheckCommand({ CallerReference: reference, HealthCheckConfig }));
    const id = created.HealthCheck?.Id;
    if (!id) throw new Error(`CreateHealthCheck returned no id for ${spec.key}`);
    await route53.send(new ChangeTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: id, AddTags: [{ Key: 'Name', Value: spec.name }] }));
    ids[spec.key] = id;
  }
  if (setup.records.length > 0) {
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: hostedZoneId,
        ChangeBatch: {
          Comment: `region-failover ${service} DNS setup`,
          Changes: setup.records.map((r) => ({
            Action: 'UPSERT' as const,
            ResourceRecordSet: {
              Name: r.name,
              Type: r.type,
              TTL: r.ttl,
              ResourceRecords: r.values.map((Value) => ({ Value })),
              SetIdentifier: r.setIdentifier,
              ...(r.healthCheck !== undefined ? { HealthCheckId: idOf(r.healthCheck) } : {}),
              ...(r.failover !== undefined ? { Failover: r.failover } : {}),
              ...(r.weight !== undefined ? { Weight: r.weight } : {}),
            },
          })),
        },
      }),
    );
  }
  // Calculated checks (listed after their children) go first, so no child is deleted while in use.
  for (const id of replaced.filter(Boolean).reverse()) await route53.send(new DeleteHealthCheckCommand({ HealthCheckId: id }));
  return ids;
}
