/** A validated config for history tests: 2 app regions (active-passive), 3 checker regions, defaults elsewhere. */
import { parseConfig, type FailoverConfig } from '../../../lambdas/config';
import { A, B, CHECKERS } from './events';

export function historyConfig(overrides: Record<string, unknown> = {}): FailoverConfig {
  return parseConfig({
    service: 'shop-api',
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    appRegions: [
      { region: A, endpoint: { protocol: 'HTTP', host: 'a.example.com' } },
      { region: B, endpoint: { protocol: 'HTTP', host: 'b.example.com' } },
    ],
    checkerRegions: [...CHECKERS],
    dns: { hostedZoneName: 'example.com', recordName: 'api.example.com' },
    policy: { mode: 'active-passive', priority: [A, B] },
    ...overrides,
  });
}
