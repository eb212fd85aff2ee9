/**
 * The local Route 53 data plane against moto: health checks and records created with the real SDK,
 * checks evaluated by emulated checker locations against a real HTTP server, answers read through
 * a real DNS query. Route 53's 10 s request interval runs on an accelerated clock (×20).
 */
import { ChangeResourceRecordSetsCommand, CreateHealthCheckCommand, type Change } from '@aws-sdk/client-route-53';
import { Resolver } from 'node:dns/promises';
import { answerData, queryDns } from '../../../local/route53/dns-client';
import { listHealthChecks, toHealthCheck } from '../../../local/route53/health-checks';
import { startLocalDns, type LocalDns } from '../../../local/route53/local-dns';
import { provisionHostedZone } from '../../../local/provision';
import { httpServer, type TestServer } from '../../health/probe/servers';
import { AcceleratedClock } from '../../support/accelerated-clock';
import { useEmulators } from '../../support/emulators';
import { waitFor } from '../helpers';

const ctx = useEmulators();
const up: Record<string, boolean> = { '/primary': true, '/secondary': true };
let app: TestServer;
let dns: LocalDns;
const clock = new AcceleratedClock(20);

async function createCheck(path: string): Promise<string> {
  const out = await ctx.clients.route53.send(
    new CreateHealthCheckCommand({
      CallerReference: `int-${path}-${Date.now()}`,
      HealthCheckConfig: { Type: 'HTTP', IPAddress: '127.0.0.1', Port: app.port, ResourcePath: path, RequestInterval: 10, FailureThreshold: 1 },
    }),
  );
  return out.HealthCheck?.Id ?? '';
}

beforeAll(async () => {
  app = await httpServer((req, res) => {
    res.writeHead(up[req.url ?? ''] ? 200 : 503);
    res.end();
  });
  const zoneId = await provisionHostedZone(ctx.clients.route53, 'int.example.com');
  const [primary, secondary] = [await createCheck('/primary'), await createCheck('/secondary')];
  const record = (extra: Record<string, unknown>, name = 'api.int.example.com', type = 'CNAME'): Change => ({
    Action: 'UPSERT',
    ResourceRecordSet: { Name: name, Type: type as 'CNAME', TTL: 30, ResourceRecords: [], ...extra },
  });
  await ctx.clients.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          record({ SetIdentifier: 'us-east-1', Failover: 'PRIMARY', HealthCheckId: primary, ResourceRecords: [{ Value: 'use1.int.example.net' }] }),
          record({ SetIdentifier: 'us-west-2', Failover: 'SECONDARY', HealthCheckId: secondary, ResourceRecords: [{ Value: 'usw2.int.example.net' }] }),
          record({ TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] }, 'www.int.example.com', 'A'),
        ],
      },
    }),
  );
  dns = await startLocalDns({ route53: ctx.clients.route53, clock, zoneIds: [zoneId] });
});
afterAll(async () => {
  await dns?.stop();
  await app?.close();
});

const cname = async (): Promise<string[]> => answerData(await queryDns({ port: dns.port, name: 'api.int.example.com', type: 'CNAME' }), 'CNAME');

test('reads the checks back from Route 53 as they were created', async () => {
  const checks = (await listHealthChecks(ctx.clients.route53)).map(toHealthCheck);
  expect(checks).toEqual([
    expect.objectContaining({ type: 'HTTP', host: '127.0.0.1', port: app.port, resourcePath: '/primary', requestIntervalSeconds: 10, failureThreshold: 1, inverted: false }),
    expect.objectContaining({ type: 'HTTP', resourcePath: '/secondary' }),
  ]);
});

test('answers the zone’s records as Route 53 would, over UDP and TCP', async () => {
  const [udp, tcp] = await Promise.all([
    queryDns({ port: dns.port, name: 'api.int.example.com', type: 'CNAME' }),
    queryDns({ port: dns.port, name: 'api.int.example.com', type: 'CNAME', transport: 'tcp' }),
  ]);
  for (const reply of [udp, tcp]) expect(reply.answers).toEqual([expect.objectContaining({ type: 'CNAME', ttl: 30, data: 'use1.int.example.net' })]);
  expect(answerData(await queryDns({ port: dns.port, name: 'www.int.example.com' }), 'A')).toEqual(['192.0.2.1']);
  const missing = await queryDns({ port: dns.port, name: 'missing.int.example.com' });
  expect(missing.rcode).toBe('NXDOMAIN');
  expect(missing.authorities.map((a) => a.type)).toEqual(['SOA']);
  const otherType = await queryDns({ port: dns.port, name: 'www.int.example.com', type: 'AAAA' });
  expect([otherType.rcode, otherType.answers.length]).toEqual(['NOERROR', 0]);
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`127.0.0.1:${dns.port}`]);
  expect(await resolver.resolveCname('api.int.example.com')).toEqual(['use1.int.example.net']);
});

test('fails over to the secondary when the primary endpoint fails, and back when it recovers', async () => {
  up['/primary'] = false;
  await waitFor('the secondary answer', cname, (v) => v[0] === 'usw2.int.example.net');
  up['/primary'] = true;
  await waitFor('the primary answer again', cname, (v) => v[0] === 'use1.int.example.net');
});

test('answers with the primary when both endpoints fail', async () => {
  up['/primary'] = false;
  up['/secondary'] = false;
  const checks = (await listHealthChecks(ctx.clients.route53)).map((c) => c.Id ?? '');
  await waitFor(
    'both checks unhealthy',
    () => Promise.resolve(checks.map((id) => dns.evaluator.isHealthy(id))),
    (v) => v.every((h) => !h),
  );
  expect(await cname()).toEqual(['use1.int.example.net']);
});
