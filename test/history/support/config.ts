/** A validated config for history tests: 2 app regions (active-passive), 3 checker regions, defaults elsewhere. */
import { parseConfig, type FailoverConfig } from '../../../lambdas/config';
import type { AnalysisSettings } from '../../../lambdas/history/rules/analysis';
import { A, B, CHECKERS, ON_A } from './events';

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

/**
 * Analysis settings of the hand-worked histories: two regions active-passive, probes 5 s × 3,
 * health-signal flips moving traffic 10 s × 2 after they complete, SLO 0.9995, traffic on A.
 */
export const twoRegionAnalysis: AnalysisSettings = {
  regions: [A, B],
  policy: 'active-passive',
  failureThreshold: 3,
  intervalSeconds: 5,
  flipMode: 'health-signal',
  signalCheck: { requestIntervalSeconds: 10, failureThreshold: 2 },
  slo: 0.9995,
  fallbackTraffic: ON_A,
};
