/**
 * The DNS side: the hosted zone (created, or imported by `dns.hostedZoneId`) and, in `health-signal`
 * mode, the health checks on the regional signal endpoints and the records they steer — built from
 * the shared description in `lambdas/platform/dns-setup.ts`, which local mode provisions too.
 *
 * In `dns-update` mode the controller owns the records (it UPSERTs them), so only the zone is built.
 */
import { CfnHealthCheck, CfnRecordSet, HostedZone, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import { dnsSetupFor, DnsSetupError, type DnsHealthCheckSpec } from '../../lambdas/platform/dns-setup';
import { signalThresholdProblems } from '../../lambdas/platform/topology';
import { API_STAGE } from './failover-api';

export interface ApiSignalEndpoint {
  /** Region of the API. */
  readonly region: string;
  /** Host name of the API, e.g. `abc123.execute-api.us-east-1.amazonaws.com`. */
  readonly host: string;
}

export interface FailoverDnsProps {
  readonly config: FailoverConfig;
  /** Every regional API serving `/signal/{region}`; required in `health-signal` mode. @default [] */
  readonly signalEndpoints?: readonly ApiSignalEndpoint[];
  /**
   * How many per-API checks must pass for region X to count as healthy.
   * @default a majority of the signal endpoints
   */
  readonly signalThreshold?: number;
  /**
   * Seconds between Route 53 probes of each signal endpoint (10 = fast checks, 30 = standard).
   * @default SIGNAL_CHECK_DEFAULTS.requestIntervalSeconds (10)
   */
  readonly requestIntervalSeconds?: 10 | 30;
  /** Consecutive failures before a per-API check turns unhealthy. @default SIGNAL_CHECK_DEFAULTS.failureThreshold */
  readonly failureThreshold?: number;
}

export class FailoverDnsError extends Error {
  override readonly name = 'FailoverDnsError';
}

export class FailoverDns extends Construct {
  readonly zone: IHostedZone;
  /** Per app region: the CALCULATED health check its record uses. */
  readonly regionHealthChecks: Readonly<Record<string, CfnHealthCheck>> = {};
  /** Per app region: the HTTPS signal checks (one per API region) its calculated check combines. */
  readonly signalHealthChecks: Readonly<Record<string, readonly CfnHealthCheck[]>> = {};
  readonly records: readonly CfnRecordSet[] = [];

  constructor(scope: Construct, id: string, props: FailoverDnsProps) {
    super(scope, id);
    const { dns } = props.config;
    this.zone = dns.hostedZoneId
      ? HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: dns.hostedZoneId, zoneName: dns.hostedZoneName })
      : new HostedZone(this, 'Zone', { zoneName: dns.hostedZoneName, comment: `region-failover ${props.config.service}` });
    if (dns.flipMode !== 'health-signal') return;

    let setup;
    try {
      setup = dnsSetupFor(props.config, {
        signalEndpoints: (props.signalEndpoints ?? []).map((api) => ({ region: api.region, protocol: 'HTTPS', host: api.host, port: 443, basePath: `/${API_STAGE}`, enableSni: true })),
        ...(props.signalThreshold !== undefined ? { signalThreshold: props.signalThreshold } : {}),
        ...(props.requestIntervalSeconds !== undefined ? { requestIntervalSeconds: props.requestIntervalSeconds } : {}),
        ...(props.failureThreshold !== undefined ? { failureThreshold: props.failureThreshold } : {}),
      });
    } catch (err) {
      if (err instanceof DnsSetupError) throw new FailoverDnsError(`${this.node.path}: ${err.message}`);
      throw err;
    }
    // The threshold must survive the loss of any one region (its API and replica), or the surviving
    // regions' records go unhealthy exactly when they are needed (docs/deploy.md, "Region loss").
    const threshold = setup.healthChecks.find((c) => c.kind === 'calculated');
    const unsurvivable =
      threshold?.kind === 'calculated'
        ? signalThresholdProblems(
            props.config,
            (props.signalEndpoints ?? []).map((e) => e.region),
            threshold.healthThreshold,
          )
        : [];
    if (unsurvivable.length > 0) {
      throw new FailoverDnsError(
        `${this.node.path}: signalThreshold ${threshold?.kind === 'calculated' ? threshold.healthThreshold : '?'} does not survive the loss of one region: ${unsurvivable.join('; ')} (the surviving records would go unhealthy)`,
      );
    }

    const checks = new Map<string, CfnHealthCheck>();
    const idOf = (key: string): string => {
      const check = checks.get(key);
      if (!check) throw new FailoverDnsError(`${this.node.path}: health check ${key} is used before it is defined`);
      return check.attrHealthCheckId;
    };
    for (const spec of setup.healthChecks)
      checks.set(spec.key, new CfnHealthCheck(this, spec.key, { healthCheckConfig: this.checkConfig(spec, idOf), healthCheckTags: [{ key: 'Name', value: spec.name }] }));
    this.records = setup.records.map(
      (r) =>
        new CfnRecordSet(this, r.key, {
          hostedZoneId: this.zone.hostedZoneId,
          name: r.name,
          type: r.type,
          ttl: String(r.ttl),
          resourceRecords: [...r.values],
          setIdentifier: r.setIdentifier,
          healthCheckId: r.healthCheck === undefined ? undefined : idOf(r.healthCheck),
          ...(r.failover !== undefined ? { failover: r.failover } : {}),
          ...(r.weight !== undefined ? { weight: r.weight } : {}),
        }),
    );
    const calculated = setup.healthChecks.filter((c) => c.kind === 'calculated');
    this.regionHealthChecks = Object.fromEntries(calculated.map((c) => [c.region, checks.get(c.key) as CfnHealthCheck]));
    this.signalHealthChecks = Object.fromEntries(calculated.map((c) => [c.region, c.children.map((k) => checks.get(k) as CfnHealthCheck)]));
  }

  private checkConfig(spec: DnsHealthCheckSpec, idOf: (key: string) => string): CfnHealthCheck.HealthCheckConfigProperty {
    if (spec.kind === 'calculated') return { type: 'CALCULATED', childHealthChecks: spec.children.map(idOf), healthThreshold: spec.healthThreshold, ...(spec.inverted ? { inverted: true } : {}) };
    return {
      type: spec.type,
      fullyQualifiedDomainName: spec.host,
      port: spec.port,
      resourcePath: spec.resourcePath,
      enableSni: spec.enableSni,
      requestInterval: spec.requestIntervalSeconds,
      failureThreshold: spec.failureThreshold,
    };
  }
}
