import { parseConfig } from '../../lambdas/config';
import { dnsSetupFor, DnsSetupError, SIGNAL_CHECK_DEFAULTS, signalPath, type SignalEndpoint } from '../../lambdas/platform/dns-setup';
import { example, variant } from '../lib/support/apps';

const apis: SignalEndpoint[] = ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, protocol: 'HTTPS', host: `api-${region}.example.net`, port: 443, basePath: '/v1', enableSni: true }));

describe('the DNS setup of a config', () => {
  it('checks the secondary’s signal on every API region: its record uses the majority, the primary’s record the same inverted', () => {
    const setup = dnsSetupFor(example, { signalEndpoints: apis });
    expect(setup.healthChecks.map((c) => c.key)).toEqual([
      'Signal-us-west-2-via-us-east-1',
      'Signal-us-west-2-via-us-west-2',
      'Signal-us-west-2-via-eu-west-1',
      'Region-us-west-2',
      'Region-us-east-1',
    ]);
    const signals = setup.healthChecks.slice(0, 3).map((c) => c.key);
    expect(setup.healthChecks[1]).toMatchObject({
      kind: 'endpoint',
      type: 'HTTPS',
      host: 'api-us-west-2.example.net',
      port: 443,
      resourcePath: '/v1/signal/us-west-2',
      enableSni: true,
      ...SIGNAL_CHECK_DEFAULTS,
    });
    expect(setup.healthChecks[3]).toMatchObject({ kind: 'calculated', region: 'us-west-2', children: signals, healthThreshold: 2, inverted: false });
    expect(setup.healthChecks[4]).toMatchObject({ kind: 'calculated', region: 'us-east-1', children: signals, healthThreshold: 2, inverted: true });
  });

  it('checks each region’s own signal for weighted records, without inversion', () => {
    const setup = dnsSetupFor(variant({ policy: { mode: 'active-active', weights: { 'us-east-1': 3, 'us-west-2': 1 } } }), { signalEndpoints: apis });
    const east = setup.healthChecks.filter((c) => c.region === 'us-east-1');
    expect(east.map((c) => c.key)).toEqual(['Signal-us-east-1-via-us-east-1', 'Signal-us-east-1-via-us-west-2', 'Signal-us-east-1-via-eu-west-1', 'Region-us-east-1']);
    expect(east[3]).toMatchObject({ kind: 'calculated', healthThreshold: 2, inverted: false, children: east.slice(0, 3).map((c) => c.key) });
  });

  it('routes the record PRIMARY/SECONDARY in priority order, each behind its region’s calculated check', () => {
    expect(dnsSetupFor(example, { signalEndpoints: apis }).records).toEqual([
      {
        key: 'Record-us-east-1',
        name: 'api.shop.example.com',
        type: 'CNAME',
        ttl: 30,
        values: ['use1.shop.example.com'],
        setIdentifier: 'us-east-1',
        healthCheck: 'Region-us-east-1',
        failover: 'PRIMARY',
      },
      {
        key: 'Record-us-west-2',
        name: 'api.shop.example.com',
        type: 'CNAME',
        ttl: 30,
        values: ['usw2.shop.example.com'],
        setIdentifier: 'us-west-2',
        healthCheck: 'Region-us-west-2',
        failover: 'SECONDARY',
      },
    ]);
  });

  it('uses weighted records for active-active, with the configured weights', () => {
    const setup = dnsSetupFor(variant({ policy: { mode: 'active-active', weights: { 'us-east-1': 3, 'us-west-2': 1 } } }), { signalEndpoints: apis });
    expect(setup.records.map((r) => [r.setIdentifier, r.weight, r.failover])).toEqual([
      ['us-east-1', 3, undefined],
      ['us-west-2', 1, undefined],
    ]);
  });

  it('uses weight 1 per region for active-passive over more than two regions', () => {
    const three = parseConfig({
      ...example,
      appRegions: [...example.appRegions, { region: 'eu-west-1', endpoint: { protocol: 'HTTPS', host: 'euw1.shop.example.com' } }],
      policy: { mode: 'active-passive', priority: ['us-east-1', 'us-west-2', 'eu-west-1'] },
    });
    expect(dnsSetupFor(three, { signalEndpoints: apis }).records.map((r) => r.weight)).toEqual([1, 1, 1]);
  });

  it('takes the signal check settings and threshold it is given', () => {
    const setup = dnsSetupFor(example, { signalEndpoints: apis, signalThreshold: 1, requestIntervalSeconds: 30, failureThreshold: 4 });
    expect(setup.healthChecks.find((c) => c.kind === 'endpoint')).toMatchObject({ requestIntervalSeconds: 30, failureThreshold: 4 });
    expect(setup.healthChecks.find((c) => c.kind === 'calculated')).toMatchObject({ healthThreshold: 1 });
  });

  it('refuses health-signal mode without signal endpoints and a threshold above their number', () => {
    expect(() => dnsSetupFor(example)).toThrow(DnsSetupError);
    expect(() => dnsSetupFor(example, { signalEndpoints: apis, signalThreshold: 4 })).toThrow(/signalThreshold must be 1–3/);
  });

  it('has nothing in dns-update mode, where the controller owns the records', () => {
    expect(dnsSetupFor(variant({ dns: { ...example.dns, flipMode: 'dns-update' } }))).toEqual({ zoneName: 'shop.example.com', healthChecks: [], records: [] });
  });

  it('builds the signal route from the API’s base path', () => {
    expect([signalPath('/v1', 'us-east-1'), signalPath('', 'us-east-1')]).toEqual(['/v1/signal/us-east-1', '/signal/us-east-1']);
  });
});
