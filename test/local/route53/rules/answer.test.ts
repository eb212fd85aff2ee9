import { answerQuestion, parseSoa, servedValues, type RecordSetView, type ZoneView } from '../../../../local/route53/rules';

const SOA_VALUE = 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400';
const zone = (records: RecordSetView[]): ZoneView => ({
  name: 'shop.example.com.',
  records: [
    { name: 'shop.example.com.', type: 'SOA', ttl: 900, values: [`{'Value': '${SOA_VALUE}'}`] },
    { name: 'shop.example.com.', type: 'NS', ttl: 172800, values: ['ns-2048.awsdns-64.com'] },
    ...records,
  ],
});
const shop = zone([
  { name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, values: ['use1.shop.example.com'], setIdentifier: 'us-east-1', failover: 'PRIMARY', healthCheckId: 'hc-east' },
  { name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, values: ['usw2.shop.example.com'], setIdentifier: 'us-west-2', failover: 'SECONDARY', healthCheckId: 'hc-west' },
  { name: 'use1.shop.example.com.', type: 'A', ttl: 60, values: ['192.0.2.10', '192.0.2.11'] },
  { name: 'usw2.shop.example.com.', type: 'A', ttl: 60, values: ['198.51.100.20'] },
  { name: 'www.shop.example.com.', type: 'CNAME', ttl: 300, values: ['cdn.example.net'] },
  { name: 'v6.shop.example.com.', type: 'AAAA', ttl: 120, values: ['2001:db8::1'] },
  { name: 'a.b.shop.example.com.', type: 'A', ttl: 60, values: ['192.0.2.99'] },
  { name: '*.apps.shop.example.com.', type: 'A', ttl: 45, values: ['192.0.2.77'] },
  { name: 'fixed.apps.shop.example.com.', type: 'TXT', ttl: 45, values: ['"hello"'] },
]);
const allHealthy = (): boolean => true;
const ask = (name: string, type: string, healthy: (id: string) => boolean = allHealthy) => answerQuestion([shop], { name, type }, healthy, () => 0.5);

describe('answers from a hosted zone', () => {
  it('answers a CNAME question with the primary failover record and its TTL', () => {
    expect(ask('api.shop.example.com', 'CNAME')).toEqual({ rcode: 'NOERROR', answers: [{ name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, data: 'use1.shop.example.com' }], authorities: [] });
  });

  it('answers with the secondary once the primary’s health check is unhealthy', () => {
    expect(ask('API.shop.example.com.', 'CNAME', (id) => id !== 'hc-east').answers.map((a) => a.data)).toEqual(['usw2.shop.example.com']);
  });

  it('answers an A question on a CNAME with the CNAME and follows it inside the zone', () => {
    expect(ask('api.shop.example.com', 'A')).toEqual({
      rcode: 'NOERROR',
      answers: [
        { name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, data: 'use1.shop.example.com' },
        { name: 'use1.shop.example.com.', type: 'A', ttl: 60, data: '192.0.2.10' },
        { name: 'use1.shop.example.com.', type: 'A', ttl: 60, data: '192.0.2.11' },
      ],
      authorities: [],
    });
  });

  it('stops at a CNAME that leaves the zone', () => {
    expect(ask('www.shop.example.com', 'A')).toEqual({ rcode: 'NOERROR', answers: [{ name: 'www.shop.example.com.', type: 'CNAME', ttl: 300, data: 'cdn.example.net' }], authorities: [] });
  });

  it('answers AAAA records', () => {
    expect(ask('v6.shop.example.com', 'AAAA').answers).toEqual([{ name: 'v6.shop.example.com.', type: 'AAAA', ttl: 120, data: '2001:db8::1' }]);
  });

  it('gives NXDOMAIN with the SOA (negative TTL = min(SOA TTL, minimum)) for a name not in the zone', () => {
    const soa = parseSoa(SOA_VALUE);
    expect(ask('missing.shop.example.com', 'A')).toEqual({ rcode: 'NXDOMAIN', answers: [], authorities: [{ name: 'shop.example.com.', type: 'SOA', ttl: 900, data: soa }] });
  });

  it('gives NOERROR with no answer for an existing name without the asked type, and for an empty non-terminal', () => {
    for (const [name, type] of [
      ['v6.shop.example.com', 'A'],
      ['b.shop.example.com', 'A'],
    ] as const) {
      const answer = ask(name, type);
      expect(answer.rcode).toBe('NOERROR');
      expect(answer.answers).toEqual([]);
      expect(answer.authorities.map((a) => a.type)).toEqual(['SOA']);
    }
  });

  it('synthesizes from a wildcard at the closest encloser, but not for a name that exists', () => {
    expect(ask('shop1.apps.shop.example.com', 'A').answers).toEqual([{ name: 'shop1.apps.shop.example.com.', type: 'A', ttl: 45, data: '192.0.2.77' }]);
    expect(ask('fixed.apps.shop.example.com', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(ask('x.a.b.shop.example.com', 'A').rcode).toBe('NXDOMAIN');
  });

  it('refuses names outside every hosted zone', () => {
    expect(ask('example.org', 'A')).toEqual({ rcode: 'REFUSED', answers: [], authorities: [] });
  });

  it('answers the apex SOA and NS', () => {
    expect(ask('shop.example.com', 'SOA').answers[0]).toMatchObject({ type: 'SOA', ttl: 900, data: { mname: 'ns-2048.awsdns-64.com.', minimum: 86400 } });
    expect(ask('shop.example.com', 'NS').answers).toEqual([{ name: 'shop.example.com.', type: 'NS', ttl: 172800, data: 'ns-2048.awsdns-64.com' }]);
  });

  it('answers TXT without the zone file quotes', () => {
    expect(ask('fixed.apps.shop.example.com', 'TXT').answers).toEqual([{ name: 'fixed.apps.shop.example.com.', type: 'TXT', ttl: 45, data: 'hello' }]);
  });
});

describe('the values a record answers with now (servedValues)', () => {
  it('is the chosen failover record’s values, following health', () => {
    expect(servedValues([shop], { name: 'api.shop.example.com', type: 'CNAME' }, allHealthy)).toEqual(['use1.shop.example.com']);
    expect(servedValues([shop], { name: 'api.shop.example.com', type: 'CNAME' }, (id) => id !== 'hc-east')).toEqual(['usw2.shop.example.com']);
    expect(servedValues([shop], { name: 'use1.shop.example.com', type: 'A' }, allHealthy)).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('is every healthy weighted record’s value, not one draw', () => {
    const weighted = zone([
      { name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, values: ['use1.shop.example.com'], setIdentifier: 'us-east-1', weight: 50, healthCheckId: 'hc-east' },
      { name: 'api.shop.example.com.', type: 'CNAME', ttl: 30, values: ['usw2.shop.example.com'], setIdentifier: 'us-west-2', weight: 50, healthCheckId: 'hc-west' },
    ]);
    expect(servedValues([weighted], { name: 'api.shop.example.com', type: 'CNAME' }, allHealthy)).toEqual(['use1.shop.example.com', 'usw2.shop.example.com']);
    expect(servedValues([weighted], { name: 'api.shop.example.com', type: 'CNAME' }, (id) => id !== 'hc-west')).toEqual(['use1.shop.example.com']);
  });

  it('is empty for another type, a missing name and a name outside the zones; wildcards count', () => {
    expect(servedValues([shop], { name: 'api.shop.example.com', type: 'A' }, allHealthy)).toEqual([]);
    expect(servedValues([shop], { name: 'nothing.shop.example.com', type: 'CNAME' }, allHealthy)).toEqual([]);
    expect(servedValues([shop], { name: 'api.other.example.org', type: 'CNAME' }, allHealthy)).toEqual([]);
    expect(servedValues([shop], { name: 'x.apps.shop.example.com', type: 'A' }, allHealthy)).toEqual(['192.0.2.77']);
  });
});
