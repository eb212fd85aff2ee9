/**
 * The DNS side: the hosted zone (created, or imported by `dns.hostedZoneId`) and, in `health-signal`
 * mode, the records steered by Route 53 health checks on the regional signal endpoints.
 *
 * Per app region X: one HTTPS health check per API region Y probing `GET /v1/signal/X` on Y's API, and
 * a CALCULATED health check that is healthy when at least `signalThreshold` of them are. The record of
 * X uses the calculated check, so X's verdict never hinges on X's own API: if region X is lost, the
 * other regions' APIs still answer for it (from the shared table, through whichever replica answers),
 * and a flip turns them all to 503. The threshold is chosen so that the loss of any one region — its
 * API and its replica — leaves enough endpoints answering for the surviving regions' records.
 *
 * In `dns-update` mode the controller owns the records (it UPSERTs them), so only the zone is built.
 */
import { CfnHealthCheck, CfnRecordSet, HostedZone, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { planSignals, signalThresholdProblems } from '../../lambdas/platform/topology';
import { signalPath } from './failover-api';

export interface SignalEndpoint {
  /** Region of the API. */
  readonly region: string;
  /** Host name of the API, e.g. `abc123.execute-api.us-east-1.amazonaws.com`. */
  readonly host: string;
}

export interface FailoverDnsProps {
  readonly config: FailoverConfig;
  /** Every regional API serving `/signal/{region}`; required in `health-signal` mode. @default [] */
  readonly signalEndpoints?: readonly SignalEndpoint[];
  /**
   * How many per-API checks must pass for region X to count as healthy. A threshold that the loss of
   * one region (its API and replica) would leave unreachable is refused.
   * @default the planned threshold: a majority of the signal endpoints, lowered if needed so that
   * the loss of any one region still leaves enough of them answering (`planSignals`)
   */
  readonly signalThreshold?: number;
  /**
   * Seconds between Route 53 probes of each signal endpoint (10 = fast checks, 30 = standard).
   * @default 10
   */
  readonly requestIntervalSeconds?: 10 | 30;
  /** Consecutive failures before a per-API check turns unhealthy. @default 2 */
  readonly failureThreshold?: number;
}

export class FailoverDnsError extends Error {
  override readonly name = 'FailoverDnsError';
}

export class FailoverDns extends Construct {
  readonly zone: IHostedZone;
  /** Per app region: the CALCULATED health check its record uses. */
  readonly regionHealthChecks: Readonly<Record<string, CfnHealthCheck>> = {};
  /** Per app region: the HTTPS checks of each API region's signal endpoint. */
  readonly signalHealthChecks: Readonly<Record<string, readonly CfnHealthCheck[]>> = {};
  readonly records: readonly CfnRecordSet[] = [];

  constructor(scope: Construct, id: string, props: FailoverDnsProps) {
    super(scope, id);
    const { dns } = props.config;
    this.zone = dns.hostedZoneId
      ? HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: dns.hostedZoneId, zoneName: dns.hostedZoneName })
      : new HostedZone(this, 'Zone', { zoneName: dns.hostedZoneName, comment: `region-failover ${props.config.service}` });
    if (dns.flipMode !== 'health-signal') return;

    const endpoints = props.signalEndpoints ?? [];
    const endpointRegions = endpoints.map((e) => e.region);
    const threshold = props.signalThreshold ?? planSignals(props.config, endpointRegions).threshold;
    if (endpoints.length === 0) throw new FailoverDnsError(`${this.node.path}: health-signal mode needs at least one signal endpoint`);
    if (threshold < 1 || threshold > endpoints.length) {
      throw new FailoverDnsError(`${this.node.path}: signalThreshold must be 1–${endpoints.length} (the number of signal endpoints), got ${threshold}`);
    }
    const unsurvivable = signalThresholdProblems(props.config, endpointRegions, threshold);
    if (unsurvivable.length > 0) {
      throw new FailoverDnsError(`${this.node.path}: signalThreshold ${threshold} does not survive the loss of one region: ${unsurvivable.join('; ')} (the surviving records would go unhealthy)`);
    }

    const regionChecks: Record<string, CfnHealthCheck> = {};
    const signalChecks: Record<string, CfnHealthCheck[]> = {};
    for (const app of props.config.appRegions) {
      const x = app.region;
      signalChecks[x] = endpoints.map(
        (api) =>
          new CfnHealthCheck(this, `Signal-${x}-via-${api.region}`, {
            healthCheckConfig: {
              type: 'HTTPS',
              fullyQualifiedDomainName: api.host,
              port: 443,
              resourcePath: signalPath(x),
              enableSni: true,
              requestInterval: props.requestIntervalSeconds ?? 10,
              failureThreshold: props.failureThreshold ?? 2,
            },
            healthCheckTags: [{ key: 'Name', value: `${props.config.service} signal ${x} via ${api.region}` }],
          }),
      );
      regionChecks[x] = new CfnHealthCheck(this, `Region-${x}`, {
        healthCheckConfig: {
          type: 'CALCULATED',
          childHealthChecks: signalChecks[x].map((c) => c.attrHealthCheckId),
          healthThreshold: threshold,
        },
        healthCheckTags: [{ key: 'Name', value: `${props.config.service} ${x} (≥${threshold} of ${endpoints.length} signals)` }],
      });
    }
    this.regionHealthChecks = regionChecks;
    this.signalHealthChecks = signalChecks;
    this.records = this.buildRecords(props.config, regionChecks);
  }

  /**
   * Active-passive over two regions: a PRIMARY/SECONDARY failover pair in priority order. Otherwise
   * weighted records (active-active weights; weight 1 each for active-passive over more regions, where
   * the signal makes exactly one region healthy).
   */
  private buildRecords(config: FailoverConfig, checks: Record<string, CfnHealthCheck>): CfnRecordSet[] {
    const { dns, policy } = config;
    const value = (region: string): string => {
      const app = config.appRegions.find((r) => r.region === region);
      if (!app) throw new FailoverDnsError(`${this.node.path}: ${region} is not an app region`);
      return app.recordValue ?? app.endpoint.host;
    };
    const record = (region: string, routing: { failover: 'PRIMARY' | 'SECONDARY' } | { weight: number }): CfnRecordSet =>
      new CfnRecordSet(this, `Record-${region}`, {
        hostedZoneId: this.zone.hostedZoneId,
        name: dns.recordName,
        type: dns.recordType,
        ttl: String(dns.ttl),
        resourceRecords: [value(region)],
        setIdentifier: region,
        healthCheckId: checks[region]?.attrHealthCheckId,
        ...routing,
      });
    if (policy.mode === 'active-passive' && policy.priority.length === 2) {
      const [primary, secondary] = policy.priority as [string, string];
      return [record(primary, { failover: 'PRIMARY' }), record(secondary, { failover: 'SECONDARY' })];
    }
    return config.appRegions.map((app) =>
      record(app.region, { weight: policy.mode === 'active-active' ? (policy.weights[app.region] ?? 1) : 1 }),
    );
  }
}
