import { resolve } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, loadConfigFile, parseConfig, type FailoverConfigInput } from '../../lambdas/config';

const EXAMPLE = resolve(__dirname, '../../failover.config.json');

function minimal(): FailoverConfigInput {
  return {
    service: 'shop-api',
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    appRegions: [
      { region: 'us-east-1', endpoint: { protocol: 'HTTP', host: 'a.example.com' } },
      { region: 'us-west-2', endpoint: { protocol: 'HTTP', host: 'b.example.com' } },
    ],
    checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    dns: { hostedZoneName: 'example.com', recordName: 'api.example.com' },
    policy: { mode: 'active-passive', priority: ['us-east-1', 'us-west-2'] },
  };
}

function problemsOf(input: unknown): string[] {
  try {
    parseConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('accepts the documented example file', () => {
    const config = loadConfigFile(EXAMPLE);
    expect(config.service).toBe('shop-api');
    expect(config.appRegions).toHaveLength(2);
    expect(config.checkerRegions.length).toBeGreaterThanOrEqual(3);
  });

  it('fills in documented defaults', () => {
    const config = parseConfig(minimal());
    expect(config.probe).toEqual({ intervalSeconds: 5, failureThreshold: 3, recoveryThreshold: 3, staleAfterIntervals: 3, concurrency: 32 });
    expect(config.dns.flipMode).toBe('health-signal');
    expect(config.appRegions[0]?.endpoint.expectedStatus).toEqual({ min: 200, max: 299 });
    expect(config.failover.failback).toBe('manual');
    expect(config.leader).toEqual({ leaseMs: 15000, renewMs: 5000, retryMs: 2000 });
    expect(config.history).toEqual({ retentionDays: 400 });
    expect(config.slo).toEqual({ availability: 0.9995 });
  });

  it('refuses an SLO that is not a fraction below 1 and a retention outside 1–3650 days', () => {
    const problems = problemsOf({ ...minimal(), slo: { availability: 99.95 }, history: { retentionDays: 0 } });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^slo\.availability: /), expect.stringMatching(/^history\.retentionDays: /)]));
  });

  it('reports an out-of-range number with its path, range and received value', () => {
    const input = minimal();
    (input.appRegions[1]!.endpoint as { port?: number }).port = 70000;
    expect(problemsOf(input)).toContain('appRegions[1].endpoint.port: expected 1–65535, got 70000');
  });

  it('reports every problem at once', () => {
    const input = {
      ...minimal(),
      service: 'Bad Name',
      checkerRegions: ['us-east-1'],
      dns: { hostedZoneName: 'example.com', recordName: 'api.other.org', flipMode: 'carrier-pigeon' },
    };
    const problems = problemsOf(input);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^service: expected 3–32 lowercase/),
        expect.stringMatching(/^checkerRegions: expected at least 3 checker regions.*got 1 item/),
        expect.stringMatching(/^dns\.recordName: expected a name inside the hosted zone example\.com, got "api\.other\.org"/),
        expect.stringMatching(/^dns\.flipMode: expected one of "dns-update" \| "health-signal", got "carrier-pigeon"/),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['missing field', (c: Record<string, unknown>) => delete c.dns, /^dns: expected object, got nothing \(required\)/],
    ['wrong type', (c: Record<string, unknown>) => (c.checkerRegions = 'us-east-1'), /^checkerRegions: expected array, got "us-east-1"/],
    ['unknown key', (c: Record<string, unknown>) => (c.colour = 'blue'), /^\(root\): unknown key "colour"/],
    ['bad region name', (c: Record<string, unknown>) => ((c.checkerRegions as string[])[2] = 'mars'), /^checkerRegions\[2\]: expected an AWS region name/],
    ['duplicate checker regions', (c: Record<string, unknown>) => (c.checkerRegions = ['us-east-1', 'us-east-1', 'eu-west-1']), /^checkerRegions: expected distinct/],
    [
      'priority names an unknown region',
      (c: Record<string, unknown>) => (c.policy = { mode: 'active-passive', priority: ['us-east-1', 'eu-west-1'] }),
      /^policy\.priority\[1\]: expected one of the app regions/,
    ],
    [
      'weights miss a region',
      (c: Record<string, unknown>) => (c.policy = { mode: 'active-active', weights: { 'us-east-1': 1 } }),
      /^policy\.weights: expected a weight for every app region; missing us-west-2/,
    ],
    ['MREC coordination', (c: Record<string, unknown>) => (c.coordination = { mode: 'global-eventual', regions: ['us-east-1', 'us-west-2'] }), /^coordination\.mode: .*MREC.*last-writer-wins/],
    [
      'MRSC with 2 regions',
      (c: Record<string, unknown>) => (c.coordination = { mode: 'mrsc', regions: ['us-east-1', 'us-west-2'] }),
      /^coordination\.regions: mrsc coordination takes exactly 3 regions/,
    ],
    ['lease shorter than 2 renewals', (c: Record<string, unknown>) => (c.leader = { leaseMs: 5000, renewMs: 4000 }), /^leader\.renewMs: expected at most half of leaseMs/],
    [
      'latency limit above timeout',
      (c: Record<string, unknown>) => ((c.appRegions as { endpoint: Record<string, unknown> }[])[0]!.endpoint.latencyLimitMs = 5000),
      /^appRegions\[0\]\.endpoint\.latencyLimitMs: expected below timeoutMs/,
    ],
    [
      'TCP check without a port',
      (c: Record<string, unknown>) => ((c.appRegions as { endpoint: Record<string, unknown> }[])[1]!.endpoint.protocol = 'TCP'),
      /^appRegions\[1\]\.endpoint\.port: TCP checks need a port/,
    ],
    [
      'invalid body regex',
      (c: Record<string, unknown>) => ((c.appRegions as { endpoint: Record<string, unknown> }[])[0]!.endpoint.bodyMatch = { regex: '(' }),
      /^appRegions\[0\]\.endpoint\.bodyMatch: /,
    ],
    ['timeout not below the probe interval', (c: Record<string, unknown>) => (c.probe = { intervalSeconds: 1 }), /^appRegions\[0\]\.endpoint\.timeoutMs: expected below the probe interval/],
  ])('rejects %s with a clear message', (_label, mutate, expected) => {
    const input = minimal() as unknown as Record<string, unknown>;
    mutate(input);
    expect(problemsOf(input)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('reports unreadable files and invalid JSON as ConfigError', () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'rf-config-'));
    const broken = resolve(dir, 'broken.json');
    writeFileSync(broken, '{ "service": ');
    expect(() => loadConfigFile(broken)).toThrow(/invalid JSON/);
    expect(() => loadConfigFile(resolve(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
