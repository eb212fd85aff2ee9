/**
 * Local mode and the deployment run one DNS setup: the health checks and records synthesized by the
 * CDK DNS stack equal what local provisioning creates in moto, except the transport to the signal
 * endpoints (HTTPS to each regional API Gateway at /v1 in AWS; HTTP to the one local API locally).
 */
import { ListResourceRecordSetsCommand, ListTagsForResourcesCommand } from '@aws-sdk/client-route-53';
import { dnsSetupFor } from '../../lambdas/platform/dns-setup';
import { localSignalEndpoints, provisionDnsSetup } from '../../local/provision-dns';
import { provisionHostedZone } from '../../local/provision';
import { listHealthChecks } from '../../local/route53/health-checks';
import { example, synthWithoutBundling, templateOf } from '../lib/support/apps';
import { useEmulators } from '../support/emulators';

const ctx = useEmulators();
const API = 'http://127.0.0.1:8787';

interface Check {
  type: string;
  path?: string;
  interval?: number;
  threshold?: number;
  children?: string[];
  healthThreshold?: number;
  inverted?: boolean;
}
interface RecordView {
  name: string;
  type: string;
  ttl: number;
  values: string[];
  setIdentifier?: string;
  failover?: string;
  weight?: number;
  check?: string;
}

type Props = Record<string, unknown> & { HealthCheckConfig: Record<string, unknown>; HealthCheckTags: { Key: string; Value: string }[] };

function fromTemplate(): { checks: Record<string, Check>; records: RecordView[] } {
  const template = templateOf(synthWithoutBundling(example).dns!);
  const resources = template.findResources('AWS::Route53::HealthCheck') as Record<string, { Properties: Props }>;
  const nameOf = (logicalId: string): string => resources[logicalId]?.Properties.HealthCheckTags.find((t) => t.Key === 'Name')?.Value ?? logicalId;
  const ref = (v: unknown): string => nameOf(((v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'] ?? [''])[0]);
  const checks: Record<string, Check> = {};
  for (const [id, { Properties }] of Object.entries(resources)) {
    const c = Properties.HealthCheckConfig;
    checks[nameOf(id)] =
      c.Type === 'CALCULATED'
        ? { type: 'CALCULATED', children: (c.ChildHealthChecks as unknown[]).map(ref), healthThreshold: c.HealthThreshold as number, inverted: c.Inverted === true }
        : { type: c.Type as string, path: c.ResourcePath as string, interval: c.RequestInterval as number, threshold: c.FailureThreshold as number };
  }
  const records = Object.values(template.findResources('AWS::Route53::RecordSet') as Record<string, { Properties: Record<string, unknown> }>).map(({ Properties: r }) => ({
    name: `${r.Name as string}.`,
    type: r.Type as string,
    ttl: Number(r.TTL),
    values: r.ResourceRecords as string[],
    setIdentifier: r.SetIdentifier as string,
    ...(r.Failover ? { failover: r.Failover as string } : {}),
    ...(r.Weight !== undefined ? { weight: r.Weight as number } : {}),
    ...(r.HealthCheckId ? { check: ref(r.HealthCheckId) } : {}),
  }));
  return { checks, records };
}

async function fromMoto(zoneId: string): Promise<{ checks: Record<string, Check>; records: RecordView[] }> {
  const stored = await listHealthChecks(ctx.clients.route53);
  const tags = await ctx.clients.route53.send(new ListTagsForResourcesCommand({ ResourceType: 'healthcheck', ResourceIds: stored.map((c) => c.Id ?? '') }));
  const nameOf = (id: string): string => tags.ResourceTagSets?.find((s) => s.ResourceId === id)?.Tags?.find((t) => t.Key === 'Name')?.Value ?? id;
  const checks: Record<string, Check> = {};
  for (const c of stored) {
    const config = c.HealthCheckConfig!;
    checks[nameOf(c.Id ?? '')] =
      config.Type === 'CALCULATED'
        ? { type: 'CALCULATED', children: (config.ChildHealthChecks ?? []).map(nameOf), healthThreshold: config.HealthThreshold!, inverted: config.Inverted === true }
        : { type: config.Type!, path: config.ResourcePath!, interval: config.RequestInterval!, threshold: config.FailureThreshold! };
  }
  const sets = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const records = (sets.ResourceRecordSets ?? [])
    .filter((r) => r.Type === example.dns.recordType)
    .map((r) => ({
      name: r.Name!,
      type: r.Type!,
      ttl: r.TTL!,
      values: (r.ResourceRecords ?? []).map((v) => v.Value!),
      setIdentifier: r.SetIdentifier!,
      ...(r.Failover ? { failover: r.Failover } : {}),
      ...(r.Weight !== undefined ? { weight: r.Weight } : {}),
      ...(r.HealthCheckId ? { check: nameOf(r.HealthCheckId) } : {}),
    }));
  return { checks, records };
}

/** The transport differs by design; everything else must not. */
const withoutTransport = (checks: Record<string, Check>): Record<string, Check> =>
  Object.fromEntries(Object.entries(checks).map(([name, c]) => [name, c.type === 'CALCULATED' ? c : { ...c, type: 'endpoint', path: c.path?.replace(/^\/v1\//, '/') }]));

test('local provisioning creates the health checks and records the CDK DNS stack synthesizes', async () => {
  const zoneId = await provisionHostedZone(ctx.clients.route53, example.dns.hostedZoneName);
  await provisionDnsSetup(ctx.clients.route53, zoneId, example.service, dnsSetupFor(example, { signalEndpoints: localSignalEndpoints(example, API) }));
  const [deployed, local] = [fromTemplate(), await fromMoto(zoneId)];

  expect(Object.keys(deployed.checks)).toHaveLength(5);
  expect(Object.values(deployed.checks).filter((c) => c.inverted)).toHaveLength(1);
  expect(withoutTransport(local.checks)).toEqual(withoutTransport(deployed.checks));
  const byId = (a: RecordView, b: RecordView): number => (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '');
  expect([...local.records].sort(byId)).toEqual([...deployed.records].sort(byId));
  // The transport: HTTPS to each API's stage in AWS, HTTP to the local API.
  for (const c of Object.values(deployed.checks).filter((c) => c.type !== 'CALCULATED')) expect(c).toMatchObject({ type: 'HTTPS', path: expect.stringMatching(/^\/v1\/signal\//) });
  for (const c of Object.values(local.checks).filter((c) => c.type !== 'CALCULATED')) expect(c).toMatchObject({ type: 'HTTP', path: expect.stringMatching(/^\/signal\//) });
});

test('provisioning again reuses unchanged checks, and replaces them when the local API moves', async () => {
  const zoneId = await provisionHostedZone(ctx.clients.route53, example.dns.hostedZoneName);
  const setup = (api: string) => dnsSetupFor(example, { signalEndpoints: localSignalEndpoints(example, api) });
  const first = await provisionDnsSetup(ctx.clients.route53, zoneId, example.service, setup(API));
  expect(await provisionDnsSetup(ctx.clients.route53, zoneId, example.service, setup(API))).toEqual(first);
  const moved = await provisionDnsSetup(ctx.clients.route53, zoneId, example.service, setup('http://127.0.0.1:9999'));
  const stored = await listHealthChecks(ctx.clients.route53);
  expect(stored.map((c) => c.Id).sort()).toEqual(Object.values(moved).sort());
  expect(stored.filter((c) => c.HealthCheckConfig?.Type === 'HTTP').every((c) => c.HealthCheckConfig?.Port === 9999)).toBe(true);
});
