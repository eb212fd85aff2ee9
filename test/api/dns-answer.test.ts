/** `GET /status`'s dnsAnswer: the wire schema, the status port with and without a DNS answer port, and the route. */
import { ControllerStatusPort } from '../../lambdas/api/adapters';
import { createApp } from '../../lambdas/api/app';
import type { DnsAnswerPort } from '../../lambdas/api/ports';
import { statusResponse, type DnsAnswerBody, type StatusBody } from '../../lambdas/api/schemas';
import { MemoryRouteTableStore, RouteTableReader } from '../../lambdas/keyrouting';
import { fakeServices } from './fake-services';

const NOW = 1_700_000_100_000;
const answer: DnsAnswerBody = { name: 'api.shop.example.com', type: 'CNAME', values: ['use1.shop.example.com'], since: new Date(NOW - 180_000).toISOString(), source: 'local-dns' };

/** A status port over a steady controller, with `dnsAnswer` as given. */
function statusPort(dnsAnswer?: DnsAnswerPort): ControllerStatusPort {
  const controllerStatus = {
    service: 'shop-api',
    flipMode: 'health-signal',
    policy: 'active-passive',
    traffic: { 'us-east-1': 1, 'us-west-2': 0 },
    serving: ['us-east-1'],
    verdicts: {},
  };
  return new ControllerStatusPort({
    controller: { status: async () => controllerStatus as never, history: async () => ({ entries: [] }) },
    observations: { loadForTargets: async () => [] },
    leader: { current: async () => undefined },
    routes: new RouteTableReader({ store: new MemoryRouteTableStore(), maxAgeMs: 0 }),
    config: {
      checkerRegions: ['us-east-1'],
      probe: { intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 8 },
      policy: { mode: 'active-passive', priority: ['us-east-1', 'us-west-2'] },
    },
    clock: { wallMs: () => NOW },
    ...(dnsAnswer ? { dnsAnswer } : {}),
  });
}

describe('the dnsAnswer schema', () => {
  const base = (dnsAnswer: unknown) => ({ ...(fakeStatus() as object), dnsAnswer });
  const fakeStatus = (): StatusBody => ({
    service: 's',
    generatedAt: NOW,
    policy: 'active-passive',
    flipMode: 'health-signal',
    regions: [],
    active: [],
    weights: {},
    leader: null,
    routingTableVersion: null,
    pin: null,
    lastFlip: null,
  });

  it('accepts an answer, an empty answer and null', () => {
    expect(statusResponse.safeParse(base(answer)).success).toBe(true);
    expect(statusResponse.safeParse(base({ ...answer, values: [] })).success).toBe(true);
    expect(statusResponse.safeParse(base(null)).success).toBe(true);
  });

  it('refuses a since that is not an ISO time, an unknown source or record type, and values that are not strings', () => {
    for (const wrong of [{ since: NOW }, { since: 'yesterday' }, { source: 'route53' }, { type: 'MX' }, { values: [1] }]) {
      expect([wrong, statusResponse.safeParse(base({ ...answer, ...wrong })).success]).toEqual([wrong, false]);
    }
  });
});

describe('GET /status reports what DNS answers now', () => {
  it('passes on the answer of the DNS answer port, as the schema says', async () => {
    const s = await statusPort({ answerNow: () => answer }).status();
    expect(s.dnsAnswer).toEqual(answer);
    expect(statusResponse.safeParse(s).success).toBe(true);
  });

  it('reports null without a port (the Lambda wiring) and before the name server has answered', async () => {
    expect((await statusPort().status()).dnsAnswer).toBeNull();
    expect((await statusPort({ answerNow: () => undefined }).status()).dnsAnswer).toBeNull();
  });

  it('serves it on the route and documents it in the OpenAPI document', async () => {
    const services = { ...fakeServices(), status: statusPort({ answerNow: () => answer }) };
    const app = createApp(services, { auth: { kind: 'bearer', token: 'token-123' } });
    const res = await app.request('/status');
    expect(res.status).toBe(200);
    expect(((await res.json()) as StatusBody).dnsAnswer).toEqual(answer);

    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> } }>;
    };
    const status = doc.paths['/status']?.get?.responses['200']?.content['application/json']?.schema.properties;
    expect(JSON.stringify(status?.dnsAnswer)).toMatch(/local-dns/);
  });
});
