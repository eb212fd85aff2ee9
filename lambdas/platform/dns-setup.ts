/**
 * The one description of a service's DNS setup: which Route 53 health checks and record sets exist
 * for a config. The CDK DNS construct (`lib/constructs/failover-dns.ts`) and local provisioning
 * (`local/provision-dns.ts`) both build from it, so what local mode runs is what deploys. Pure.
 *
 * `health-signal` mode. Every signal check reads `GET {basePath}/signal/X` (200 while X takes
 * traffic) on each API region Y's API, and a CALCULATED check combines them (healthy when at least
 * `signalThreshold` are), so no verdict hinges on one region's API.
 *  - Active-passive over two regions (a PRIMARY/SECONDARY failover pair): only the secondary S's
 *    signal is checked. S's record uses "S takes traffic"; the primary's record uses the same
 *    calculated check INVERTED. Exactly one region serves, so this says the same as checking both
 *    signals — but a flip is then always seen in Route 53's fast direction: a check turns healthy
 *    once more than 18% of its checker locations see a 200, while turning unhealthy needs all but
 *    18% to see the 503 (docs/health.md, "From a flip to the DNS answer"). Both records always
 *    disagree, so the "both unhealthy" case cannot arise; if the signal APIs cannot be reached at
 *    all, S reads unhealthy and the answer falls back to the primary, as with both checks failing.
 *  - Otherwise (weighted records): per app region X, X's own signal checks and a calculated check.
 * `dns-update` mode: nothing — the controller owns the records.
 */
import { planSignals } from './topology';
import { recordValueOf, type FailoverConfig } from '../config';

/** A regional API that serves `/signal/{region}` to Route 53's checkers. */
export interface SignalEndpoint {
  readonly region: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** Domain name (or, locally, an IP address). */
  readonly host: string;
  readonly port: number;
  /** Prefix of the signal route: the API stage in AWS (`/v1`), empty locally. */
  readonly basePath: string;
  /** Send `host` as the TLS server name. */
  readonly enableSni: boolean;
}

export interface SignalCheckSettings {
  /** Seconds between two requests of one Route 53 checker location: 10 (fast) or 30. */
  readonly requestIntervalSeconds: 10 | 30;
  /** Consecutive results that change one location's view of a signal endpoint (1–10). */
  readonly failureThreshold: number;
}

/** The deployed defaults; docs/health.md explains the choice and its cost. */
export const SIGNAL_CHECK_DEFAULTS: SignalCheckSettings = { requestIntervalSeconds: 10, failureThreshold: 1 };

export interface DnsSetupOptions extends Partial<SignalCheckSettings> {
  /** Required in `health-signal` mode. */
  readonly signalEndpoints?: readonly SignalEndpoint[];
  /** How many signal checks must pass for a region to count as healthy. @default planSignals(): a majority, lowered until the loss of any one region leaves it reachable */
  readonly signalThreshold?: number;
}

export interface EndpointCheckSpec extends SignalCheckSettings {
  readonly kind: 'endpoint';
  /** Stable identity: the CDK construct id, and locally part of the caller reference. */
  readonly key: string;
  /** The `Name` tag. */
  readonly name: string;
  /** App region whose signal this check reads, and the API region it reads it from. */
  readonly region: string;
  readonly via: string;
  readonly type: 'HTTP' | 'HTTPS';
  readonly host: string;
  readonly port: number;
  readonly resourcePath: string;
  readonly enableSni: boolean;
}

export interface CalculatedCheckSpec {
  readonly kind: 'calculated';
  readonly key: string;
  readonly name: string;
  /** App region whose record uses this check. */
  readonly region: string;
  /** Keys of the child checks. */
  readonly children: readonly string[];
  readonly healthThreshold: number;
  /** Route 53 reports the opposite. */
  readonly inverted: boolean;
}

export type DnsHealthCheckSpec = EndpointCheckSpec | CalculatedCheckSpec;

export interface DnsRecordSpec {
  readonly key: string;
  /** As configured (`dns.recordName`). */
  readonly name: string;
  readonly type: FailoverConfig['dns']['recordType'];
  readonly ttl: number;
  readonly values: readonly string[];
  readonly setIdentifier: string;
  /** Key of the health check the record uses. */
  readonly healthCheck?: string;
  readonly failover?: 'PRIMARY' | 'SECONDARY';
  readonly weight?: number;
}

export interface DnsSetup {
  readonly zoneName: string;
  readonly healthChecks: readonly DnsHealthCheckSpec[];
  readonly records: readonly DnsRecordSpec[];
}

export class DnsSetupError extends Error {
  override readonly name = 'DnsSetupError';
}

export function signalPath(basePath: string, region: string): string {
  return `${basePath}/signal/${region}`;
}

/** What a region's record points at (config's `recordValueOf`). */
function recordValue(config: Pick<FailoverConfig, 'appRegions'>, region: string): string {
  const value = recordValueOf(config, region);
  if (value === undefined) throw new DnsSetupError(`${region} is not an app region`);
  return value;
}

/**
 * The records that steer traffic, each behind the check `checkOf(region)` names (none: always
 * healthy). Active-passive over two regions: a PRIMARY/SECONDARY pair in priority order; otherwise
 * weighted records (active-active weights; weight 1 each for active-passive over more regions,
 * where the checks make exactly one region healthy).
 */
export function routingRecords(config: Pick<FailoverConfig, 'appRegions' | 'dns' | 'policy'>, checkOf: (region: string) => string | undefined): DnsRecordSpec[] {
  const { dns, policy } = config;
  const record = (region: string, routing: { failover: 'PRIMARY' | 'SECONDARY' } | { weight: number }): DnsRecordSpec => {
    const check = checkOf(region);
    return {
      key: `Record-${region}`,
      name: dns.recordName,
      type: dns.recordType,
      ttl: dns.ttl,
      values: [recordValue(config, region)],
      setIdentifier: region,
      ...(check !== undefined ? { healthCheck: check } : {}),
      ...routing,
    };
  };
  if (policy.mode === 'active-passive' && policy.priority.length === 2) {
    const [primary, secondary] = policy.priority as [string, string];
    return [record(primary, { failover: 'PRIMARY' }), record(secondary, { failover: 'SECONDARY' })];
  }
  return config.appRegions.map((app) => record(app.region, { weight: policy.mode === 'active-active' ? (policy.weights[app.region] ?? 1) : 1 }));
}

export function dnsSetupFor(config: FailoverConfig, options: DnsSetupOptions = {}): DnsSetup {
  const zoneName = config.dns.hostedZoneName;
  if (config.dns.flipMode !== 'health-signal') return { zoneName, healthChecks: [], records: [] };
  const endpoints = options.signalEndpoints ?? [];
  if (endpoints.length === 0) throw new DnsSetupError('health-signal mode needs at least one signal endpoint');
  // Default: the highest threshold (at most a majority) that the loss of any one region still meets.
  const threshold =
    options.signalThreshold ??
    planSignals(
      config,
      endpoints.map((e) => e.region),
    ).threshold;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > endpoints.length) {
    throw new DnsSetupError(`signalThreshold must be 1–${endpoints.length} (the number of signal endpoints), got ${threshold}`);
  }
  const settings: SignalCheckSettings = {
    requestIntervalSeconds: options.requestIntervalSeconds ?? SIGNAL_CHECK_DEFAULTS.requestIntervalSeconds,
    failureThreshold: options.failureThreshold ?? SIGNAL_CHECK_DEFAULTS.failureThreshold,
  };
  const signalChecks = (region: string): EndpointCheckSpec[] =>
    endpoints.map((api) => ({
      kind: 'endpoint',
      key: `Signal-${region}-via-${api.region}`,
      name: `${config.service} signal ${region} via ${api.region}`,
      region,
      via: api.region,
      type: api.protocol,
      host: api.host,
      port: api.port,
      resourcePath: signalPath(api.basePath, region),
      enableSni: api.enableSni,
      ...settings,
    }));
  const majority = `≥${threshold} of ${endpoints.length}`;
  const { policy } = config;
  const healthChecks: DnsHealthCheckSpec[] = [];
  if (policy.mode === 'active-passive' && policy.priority.length === 2) {
    const [primary, secondary] = policy.priority as [string, string];
    const signals = signalChecks(secondary);
    const children = signals.map((c) => c.key);
    healthChecks.push(
      ...signals,
      {
        kind: 'calculated',
        key: `Region-${secondary}`,
        name: `${config.service} ${secondary} takes traffic (${majority} signals)`,
        region: secondary,
        children,
        healthThreshold: threshold,
        inverted: false,
      },
      {
        kind: 'calculated',
        key: `Region-${primary}`,
        name: `${config.service} ${primary} unless ${secondary} takes traffic (inverted, ${majority} ${secondary} signals)`,
        region: primary,
        children,
        healthThreshold: threshold,
        inverted: true,
      },
    );
  } else {
    for (const { region } of config.appRegions) {
      const signals = signalChecks(region);
      healthChecks.push(...signals, {
        kind: 'calculated',
        key: `Region-${region}`,
        name: `${config.service} ${region} (${majority} signals)`,
        region,
        children: signals.map((c) => c.key),
        healthThreshold: threshold,
        inverted: false,
      });
    }
  }
  return { zoneName, healthChecks, records: routingRecords(config, (region) => `Region-${region}`) };
}
