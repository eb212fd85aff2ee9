/**
 * Builds the CDK app from a validated config. Kept apart from `bin/app.ts` so tests synthesize
 * exactly what `cdk synth` does.
 *
 * Stacks (names are `<service>-<part>`):
 * - `data` (first coordination region): the tables, MRSC over three regions or single-region.
 * - `<region>` per app or checker region: checker, controller, API, alert topic, alarms. Tables are
 *   imported by their deterministic names — no reference to the data stack, only a deploy-order edge.
 * - `dns` (us-east-1): zone, health checks and records. In `health-signal` mode it reads each regional
 *   API's id through CDK cross-region references (SSM parameters written at deploy time), because
 *   API ids are generated. In `dns-update` mode it only creates the zone, is deployed first and the
 *   controllers receive the zone id through a cross-region reference; with `dns.hostedZoneId` there is
 *   no DNS stack at all (the id is a literal and the controller owns the records).
 * - `monitoring` (us-east-1): the dashboard; it names metrics and functions by convention.
 */
import { App, Validations, type AppProps, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FailoverConfig } from '../lambdas/config';
import { functionName } from './constructs/failover-function';
import { regionalFunctionLabels } from './constructs/failover-service';
import { DataStack } from './stacks/data-stack';
import type { ApiSignalEndpoint } from './constructs/failover-dns';
import { DnsStack } from './stacks/dns-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { RegionalStack } from './stacks/regional-stack';
import { topology, type Topology } from './topology';
import { assertSurvivesRegionLoss, type RegionLossAnalysis } from '../lambdas/platform/topology';

export interface FailoverApp {
  readonly app: App;
  readonly topology: Topology;
  readonly data: DataStack;
  /** Keyed by region. */
  readonly regional: Readonly<Record<string, RegionalStack>>;
  /** Absent in `dns-update` mode with an imported zone: the controller owns the records, so there is nothing to deploy. */
  readonly dns?: DnsStack;
  readonly monitoring: MonitoringStack;
  /** What the loss of each region does to the service (synthesis refuses a config in which it blocks failover). */
  readonly regionLoss: RegionLossAnalysis;
}

export interface BuildAppOptions {
  /**
   * Account to deploy into.
   * @default - CDK_DEFAULT_ACCOUNT when set, else environment-agnostic
   */
  readonly account?: string;
}

export function buildApp(config: FailoverConfig, appProps: AppProps = {}, options: BuildAppOptions = {}): FailoverApp {
  const app = new App({
    ...appProps,
    // Same-region references (regional → DNS stack in us-east-1) stay CloudFormation exports that
    // protect the producer; set explicitly rather than relying on the default.
    context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong', ...appProps.context },
  });
  // Before any construct: a topology in which losing one region blocks failing over away from it
  // is refused with the region and the reason (RegionLossError), unless the config accepts that loss.
  const regionLoss = assertSurvivesRegionLoss(config);
  const layout = topology(config);
  const account = options.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const env = (region: string): Environment => ({ region, ...(account ? { account } : {}) });
  const name = (part: string): string => `${config.service}-${part}`;
  const description = (what: string): string => `region-failover ${config.service}: ${what}`;

  const data = new DataStack(app, name('data'), {
    config,
    env: env(layout.dataRegion),
    description: description('coordination, observation, state and audit tables'),
  });

  const dnsUpdate = config.dns.flipMode === 'dns-update';
  const dnsStack = (signalEndpoints?: readonly ApiSignalEndpoint[]): DnsStack =>
    new DnsStack(app, name('dns'), {
      config,
      env: env(layout.dnsRegion),
      crossRegionReferences: true,
      description: description(dnsUpdate ? 'hosted zone (the controller owns the records)' : 'hosted zone, records and signal health checks'),
      ...(signalEndpoints ? { signalEndpoints } : {}),
    });
  // dns-update: the controllers need the zone, so the DNS stack comes first (and is skipped when the
  // zone is imported: its id is then a literal). health-signal: the health checks need the APIs, so
  // it comes last.
  const zoneFirst = dnsUpdate && config.dns.hostedZoneId === undefined ? dnsStack() : undefined;
  const hostedZoneId = dnsUpdate ? (config.dns.hostedZoneId ?? zoneFirst?.dns.zone.hostedZoneId) : undefined;

  const regional: Record<string, RegionalStack> = {};
  for (const region of layout.regional) {
    const stack = new RegionalStack(app, name(region.region), {
      config,
      layout: region,
      env: env(region.region),
      crossRegionReferences: true,
      description: description(`${region.checker ? 'checker, ' : ''}controller, API and alarms in ${region.region}`),
      ...(hostedZoneId !== undefined ? { hostedZoneId } : {}),
    });
    stack.addStackDependency(data, 'tables are imported by name');
    regional[region.region] = stack;
  }
  const dns = dnsUpdate
    ? zoneFirst
    : dnsStack(
        Object.values(regional).map((stack) => ({
          region: stack.region,
          host: `${stack.service.restApi.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
        })),
      );

  const monitoring = new MonitoringStack(app, name('monitoring'), {
    config,
    topology: layout,
    env: env(layout.monitoringRegion),
    description: description('dashboard'),
    functionNames: Object.fromEntries(layout.regional.map((r) => [r.region, regionalFunctionLabels(r).map((label) => ({ label, name: functionName(config.service, label) }))])),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, topology: layout, data, regional, dns, monitoring, regionLoss };
}
