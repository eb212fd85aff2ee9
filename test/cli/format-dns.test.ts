/** The "DNS answers now" line of `failover status`. */
import fc from 'fast-check';
import { formatStatus } from '../../cli/format';
import { agoText, formatDnsAnswer } from '../../cli/format-dns';
import type { DnsAnswerBody, StatusBody } from '../../lambdas/api/schemas';

const AT = Date.UTC(2027, 0, 2, 10, 45, 7);
const answer: DnsAnswerBody = { name: 'api.shop.example.com', type: 'CNAME', values: ['use1.shop.example.com'], since: '2027-01-02T10:42:07.000Z', source: 'local-dns' };

const status = (dnsAnswer: StatusBody['dnsAnswer']): StatusBody => ({
  service: 'shop-api',
  generatedAt: AT,
  policy: 'active-passive',
  flipMode: 'health-signal',
  regions: [],
  active: ['us-east-1'],
  weights: { 'us-east-1': 1 },
  leader: null,
  routingTableVersion: null,
  pin: null,
  lastFlip: null,
  ...(dnsAnswer !== undefined ? { dnsAnswer } : {}),
});

describe('failover status shows what DNS answers now', () => {
  it('names the record, its answer, when it last changed and how long ago', () => {
    expect(formatDnsAnswer(answer, AT)).toBe('api.shop.example.com CNAME use1.shop.example.com (since 10:42:07Z, 3 min ago)');
    expect(formatStatus(status(answer))).toMatch(/^DNS answers now {2}api\.shop\.example\.com CNAME use1\.shop\.example\.com \(since 10:42:07Z, 3 min ago\)$/m);
  });

  it('says "nothing" when the name server answers no record of the type, and lists every value of a multi-value answer', () => {
    expect(formatDnsAnswer({ ...answer, values: [] }, AT)).toBe('api.shop.example.com CNAME nothing (since 10:42:07Z, 3 min ago)');
    expect(formatDnsAnswer({ ...answer, type: 'A', values: ['192.0.2.1', '192.0.2.2'] }, AT)).toBe('api.shop.example.com A 192.0.2.1 192.0.2.2 (since 10:42:07Z, 3 min ago)');
  });

  it('says where to look when the API has no name server to ask (AWS), and leaves the line out for an API that predates the field', () => {
    expect(formatStatus(status(null))).toMatch(/^DNS answers now {2}not observable by this API .*dig\)$/m);
    expect(formatStatus(status(undefined))).not.toMatch(/DNS answers now/);
  });

  it('counts the age in seconds, then minutes, then hours, rounded down and never negative', () => {
    expect([0, 999, 59_999, 60_000, 3_599_999, 3_600_000, 7_300_000, -5000].map(agoText)).toEqual(['0 s ago', '0 s ago', '59 s ago', '1 min ago', '59 min ago', '1 h ago', '2 h ago', '0 s ago']);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 1, max: 10 * 86_400_000 }), (a, b) => {
        // Older is never reported as younger.
        const units = (t: string): number => {
          const [n, unit] = t.split(' ');
          return Number(n) * (unit === 'h' ? 3600 : unit === 'min' ? 60 : 1);
        };
        expect(units(agoText(a + b))).toBeGreaterThanOrEqual(units(agoText(a)));
      }),
    );
  });
});
