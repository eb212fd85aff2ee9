/** Route 53's control plane in local mode: throttling and errors the SDK recognises, refusal when down. */
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startControlPlaneProxy, type ControlPlaneProxy } from '../../../local/regions/control-plane-proxy';

let upstream: Server;
let proxy: ControlPlaneProxy;

beforeAll(async () => {
  // Stands in for moto: answers ListHostedZones with an empty list.
  upstream = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      '<?xml version="1.0"?><ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>',
    );
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  proxy = await startControlPlaneProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => upstream.close(r));
});

function route53(): Route53Client {
  return new Route53Client({ region: 'us-east-1', endpoint: proxy.url, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
}

describe('control-plane proxy', () => {
  it('forwards while up', async () => {
    await expect(route53().send(new ListHostedZonesCommand({}))).resolves.toMatchObject({ HostedZones: [] });
  });

  it('answers Throttling (which the SDK retries) and ServiceUnavailable, and refuses when down', async () => {
    await proxy.setMode('throttle');
    await expect(route53().send(new ListHostedZonesCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    await proxy.setMode('errors');
    await expect(route53().send(new ListHostedZonesCommand({}))).rejects.toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    await proxy.setMode('down');
    await expect(route53().send(new ListHostedZonesCommand({}))).rejects.toThrow(/ECONNREFUSED/);
    await proxy.setMode('up');
    await expect(route53().send(new ListHostedZonesCommand({}))).resolves.toMatchObject({ HostedZones: [] });
    expect(proxy.faultsServed).toBe(2);
  });
});
