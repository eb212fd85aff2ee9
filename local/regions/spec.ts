/**
 * What each simulated region runs in regional local mode, and with which environment — the same
 * variables the stacks give the Lambdas (lib/constructs/handler-env.ts), plus a few local-only ones
 * (`LOCAL_*`). Every endpoint a region uses is its own: one proxy per table replica, one per
 * (checker, target) probe path, one for Route 53's control plane. Pure: the processes are started
 * elsewhere (processes.ts).
 */
import type { FailoverConfig } from '../../lambdas/config';
import { ENV } from '../../lambdas/platform/env-names';
import type { TableNames } from '../../lambdas/platform/tables';
import { replicaOrder, stackRegions } from '../../lambdas/platform/topology';
import { withDemoEndpoints } from '../local-config';

export type Role = 'checker' | 'controller' | 'api';

export interface RegionalEndpoints {
  /** Per replica region: the URL of its DynamoDB proxy. */
  readonly replicas: Readonly<Record<string, string>>;
  /** Route 53's control plane (moto behind the fault proxy). */
  readonly route53: string;
  /** SNS and CloudWatch (moto). */
  readonly moto: string;
  /** Per app region: the port of its demo backend (served by that region's API process). */
  readonly demoPorts: Readonly<Record<string, number>>;
  /** Per checker region, per app region: the port of the probe proxy between them. */
  readonly probePorts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Per regional-stack region: its API port. */
  readonly apiPorts: Readonly<Record<string, number>>;
}

export interface RegionalSettings {
  readonly tables: TableNames;
  readonly hostedZoneId: string;
  /** Bearer token of every local API. */
  readonly token: string;
  /** Controller schedule. */
  readonly controllerEveryMs: number;
  readonly demo: { readonly slowMs: number; readonly flapPeriodMs: number };
}

export interface ProcessSpec {
  readonly region: string;
  readonly role: Role;
  /** `checker@us-east-1` */
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Local-only variables read by role-main.ts. */
export const LOCAL_ENV = {
  role: 'LOCAL_ROLE',
  token: 'LOCAL_API_TOKEN',
  apiPort: 'LOCAL_API_PORT',
  demoPort: 'LOCAL_DEMO_PORT',
  demoMode: 'LOCAL_DEMO_MODE',
  demoSlowMs: 'LOCAL_DEMO_SLOW_MS',
  demoFlapMs: 'LOCAL_DEMO_FLAP_MS',
  controllerEveryMs: 'LOCAL_CONTROLLER_EVERY_MS',
} as const;

/** `us-east-1` → `US_EAST_1` (the suffix of the per-replica endpoint variable, see aws-clients.ts). */
function regionKey(region: string): string {
  return region.toUpperCase().replace(/-/g, '_');
}

/** Every process of every simulated region: a checker per checker region, a controller and an API per regional stack. */
export function processSpecs(config: FailoverConfig, endpoints: RegionalEndpoints, settings: RegionalSettings): ProcessSpec[] {
  const common = (region: string): Record<string, string> => ({
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    ...Object.fromEntries(Object.entries(endpoints.replicas).map(([replica, url]) => [`AWS_ENDPOINT_URL_DYNAMODB_${regionKey(replica)}`, url])),
    AWS_ENDPOINT_URL_ROUTE_53: endpoints.route53,
    AWS_ENDPOINT_URL_SNS: endpoints.moto,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoints.moto,
    [ENV.deployRegion]: region,
    [ENV.tableRegions]: replicaOrder(region, config).join(','),
    [ENV.coordinationTable]: settings.tables.coordination,
    [ENV.observationsTable]: settings.tables.observations,
    [ENV.stateTable]: settings.tables.state,
    [ENV.auditTable]: settings.tables.audit,
    ...(config.dns.flipMode === 'dns-update' ? { [ENV.hostedZoneId]: settings.hostedZoneId } : {}),
    [ENV.powertoolsService]: config.service,
    [ENV.powertoolsLogLevel]: 'WARN',
  });
  const served = withDemoEndpoints(config, endpoints.demoPorts);
  const specs: ProcessSpec[] = [];
  for (const region of stackRegions(config)) {
    if (config.checkerRegions.includes(region)) {
      const probes = endpoints.probePorts[region];
      if (probes === undefined) throw new Error(`no probe proxies for checker region ${region}`);
      specs.push({
        region,
        role: 'checker',
        name: `checker@${region}`,
        env: { ...common(region), [ENV.config]: JSON.stringify(withDemoEndpoints(config, probes)), [ENV.checkerRegion]: region, [LOCAL_ENV.role]: 'checker' },
      });
    }
    specs.push({
      region,
      role: 'controller',
      name: `controller@${region}`,
      env: { ...common(region), [ENV.config]: JSON.stringify(served), [LOCAL_ENV.role]: 'controller', [LOCAL_ENV.controllerEveryMs]: String(settings.controllerEveryMs) },
    });
    const apiPort = endpoints.apiPorts[region];
    if (apiPort === undefined) throw new Error(`no API port for ${region}`);
    const demoPort = endpoints.demoPorts[region];
    specs.push({
      region,
      role: 'api',
      name: `api@${region}`,
      env: {
        ...common(region),
        [ENV.config]: JSON.stringify(served),
        [LOCAL_ENV.role]: 'api',
        [LOCAL_ENV.token]: settings.token,
        [LOCAL_ENV.apiPort]: String(apiPort),
        ...(demoPort !== undefined ? { [LOCAL_ENV.demoPort]: String(demoPort), [LOCAL_ENV.demoSlowMs]: String(settings.demo.slowMs), [LOCAL_ENV.demoFlapMs]: String(settings.demo.flapPeriodMs) } : {}),
      },
    });
  }
  return specs;
}
