/** Shared inputs for failover core tests. */
import { parseConfig, type FailoverConfig, type FailoverConfigInput } from '../../../lambdas/config';
import type { DecisionInput, DecisionState, FailoverSettings, PolicyConfig, RegionVerdict, Verdicts } from '../../../lambdas/failover/rules';
import type { HealthStatus } from '../../../lambdas/health/rules';

export const A = 'us-east-1';
export const B = 'us-west-2';
export const C = 'eu-west-1';

function endpoint(host: string) {
  return { protocol: 'HTTPS' as const, host };
}

/** A valid config with the given regions (first is preferred), overridable. */
export function testConfig(overrides: Partial<FailoverConfigInput> = {}, regions: readonly string[] = [A, B]): FailoverConfig {
  return parseConfig({
    service: 'test-svc',
    coordination: { mode: 'single-region', regions: [A] },
    appRegions: regions.map((region) => ({ region, endpoint: endpoint(`${region}.app.example.com`) })),
    checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    dns: { hostedZoneName: 'example.com', recordName: 'api.example.com', recordType: 'CNAME', ttl: 30, flipMode: 'dns-update' },
    policy: { mode: 'active-passive', priority: [...regions] },
    ...overrides,
  });
}

export const activePassive: Extract<PolicyConfig, { mode: 'active-passive' }> = { mode: 'active-passive', priority: [A, B, C] };
export const activeActive: Extract<PolicyConfig, { mode: 'active-active' }> = { mode: 'active-active', weights: { [A]: 100, [B]: 50, [C]: 50 } };

export const settings = (over: Partial<FailoverSettings> = {}): FailoverSettings => ({
  holdDownSeconds: 300,
  flapWindowSeconds: 3600,
  maxFlipsPerWindow: 2,
  failback: 'manual',
  failbackDwellSeconds: 600,
  ...over,
});

export function v(status: HealthStatus, since?: number): RegionVerdict {
  return { status, reason: `test ${status}`, ...(since === undefined ? {} : { since }) };
}

export function verdicts(map: Record<string, HealthStatus>, since = 0): Verdicts {
  return Object.fromEntries(Object.entries(map).map(([r, s]) => [r, v(s, since)]));
}

export const NOW = 10_000_000;

export function input(over: { verdicts: Verdicts; state: DecisionState; policy?: PolicyConfig; settings?: FailoverSettings; now?: number }): DecisionInput {
  return { policy: activePassive, settings: settings(), now: NOW, ...over };
}
