/** fast-check generators of valid failover configs with varied topologies, for the region-loss properties. */
import fc from 'fast-check';
import { parseConfig, type FailoverConfig } from '../../../lambdas/config';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-south-1', 'ap-northeast-1'] as const;

export interface Shape {
  readonly apps: readonly string[];
  readonly checkers: readonly string[];
  readonly coordination: readonly string[];
  readonly flipMode: 'health-signal' | 'dns-update';
}

export function configOf(shape: Shape): FailoverConfig {
  const endpoint = (region: string) => ({ protocol: 'HTTPS' as const, host: `${region}.app.example.com` });
  return parseConfig({
    service: 'prop-svc',
    coordination: { mode: shape.coordination.length === 1 ? 'single-region' : 'mrsc', regions: [...shape.coordination] },
    appRegions: shape.apps.map((region) => ({ region, endpoint: endpoint(region) })),
    checkerRegions: [...shape.checkers],
    dns: { hostedZoneName: 'example.com', recordName: 'api.example.com', flipMode: shape.flipMode },
    policy: { mode: 'active-passive', priority: [...shape.apps] },
  });
}

const region = fc.constantFrom(...REGIONS);

export const shapes = (options: { coordination?: 'mrsc' | 'single-region'; flipMode?: Shape['flipMode'] } = {}): fc.Arbitrary<Shape> =>
  fc.record({
    apps: fc.uniqueArray(region, { minLength: 2, maxLength: 4 }),
    checkers: fc.uniqueArray(region, { minLength: 3, maxLength: 5 }),
    coordination:
      options.coordination === 'mrsc'
        ? fc.uniqueArray(region, { minLength: 3, maxLength: 3 })
        : options.coordination === 'single-region'
          ? fc.tuple(region).map((r) => [...r])
          : fc.oneof(
              fc.uniqueArray(region, { minLength: 3, maxLength: 3 }),
              fc.tuple(region).map((r) => [...r]),
            ),
    flipMode: options.flipMode ? fc.constant(options.flipMode) : fc.constantFrom('health-signal' as const, 'dns-update' as const),
  });

export const configs = (options: Parameters<typeof shapes>[0] = {}): fc.Arbitrary<FailoverConfig> => shapes(options).map(configOf);
