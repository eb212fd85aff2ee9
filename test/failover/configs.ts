/** Controller test configs: 2 app regions, 3 checker regions, short hold-down unless overridden. */
import { parseConfig, type FailoverConfig, type FailoverConfigInput } from '../../lambdas/config';

export const PRIMARY = 'us-east-1';
export const SECONDARY = 'us-west-2';

export function controllerConfig(service: string, flipMode: 'dns-update' | 'health-signal', overrides: Partial<FailoverConfigInput> = {}): FailoverConfig {
  return parseConfig({
    service,
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    appRegions: [
      { region: PRIMARY, endpoint: { protocol: 'HTTPS', host: 'use1.app.example.com' } },
      { region: SECONDARY, endpoint: { protocol: 'HTTPS', host: 'usw2.app.example.com' } },
    ],
    checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    dns: { hostedZoneName: `${service}.example.com`, recordName: `api.${service}.example.com`, recordType: 'CNAME', ttl: 30, flipMode },
    policy: { mode: 'active-passive', priority: [PRIMARY, SECONDARY] },
    failover: { holdDownSeconds: 60, flapWindowSeconds: 3600, maxFlipsPerWindow: 5, failback: 'manual', failbackDwellSeconds: 120 },
    ...overrides,
  });
}
