import fc from 'fast-check';
import { loadConfigFile, parseConfig } from '../../lambdas/config';
import { withDemoEndpoints } from '../../local/local-config';
import { join } from 'node:path';

const example = loadConfigFile(join(__dirname, '..', '..', 'failover.config.json'));

describe('withDemoEndpoints', () => {
  test('points every app endpoint at its demo backend over plain HTTP, keeping the check itself', () => {
    const local = withDemoEndpoints(example, { 'us-east-1': 1111, 'us-west-2': 2222 });
    expect(local.appRegions.map((a) => [a.region, a.endpoint.protocol, a.endpoint.host, a.endpoint.port])).toEqual([
      ['us-east-1', 'HTTP', '127.0.0.1', 1111],
      ['us-west-2', 'HTTP', '127.0.0.1', 2222],
    ]);
    const before = example.appRegions[0]!.endpoint;
    const after = local.appRegions[0]!.endpoint;
    expect(after).toMatchObject({ path: before.path, expectedStatus: before.expectedStatus, bodyMatch: before.bodyMatch, timeoutMs: before.timeoutMs, latencyLimitMs: before.latencyLimitMs });
    expect(after.sni).toBeUndefined();
  });

  test('DNS record values stay the original hosts (a CNAME cannot point at 127.0.0.1)', () => {
    const local = withDemoEndpoints(example, { 'us-east-1': 1111, 'us-west-2': 2222 });
    expect(local.appRegions.map((a) => a.recordValue)).toEqual(['use1.shop.example.com', 'usw2.shop.example.com']);
  });

  test('the result is still a valid config and nothing but app regions changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }), (a, b) => {
        const local = withDemoEndpoints(example, { 'us-east-1': a, 'us-west-2': b });
        expect(parseConfig(JSON.parse(JSON.stringify(local)))).toEqual(local);
        const { appRegions: _x, ...rest } = local;
        const { appRegions: _y, ...original } = example;
        expect(rest).toEqual(original);
      }),
      { numRuns: 50 },
    );
  });

  test('a region without a backend port is an error', () => {
    expect(() => withDemoEndpoints(example, { 'us-east-1': 1 })).toThrow(/us-west-2/);
  });
});
