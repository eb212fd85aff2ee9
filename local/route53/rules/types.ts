/**
 * Route 53's health checks and record sets as the data plane sees them: what `GetHealthCheck` and
 * `ListResourceRecordSets` return, reduced to the fields that decide health and answers.
 */

/** Endpoint check types (the `_STR_MATCH` ones also search the body). */
export type EndpointCheckType = 'HTTP' | 'HTTPS' | 'HTTP_STR_MATCH' | 'HTTPS_STR_MATCH' | 'TCP';

interface CheckBase {
  readonly id: string;
  /** Route 53 reports the opposite of what it measured. */
  readonly inverted: boolean;
  /** A disabled check is considered healthy (then inverted, if it is). */
  readonly disabled: boolean;
}

export interface EndpointCheck extends CheckBase {
  readonly type: EndpointCheckType;
  /** `IPAddress` when given, else `FullyQualifiedDomainName`. */
  readonly host: string;
  /** Sent as the Host header (and the TLS server name with SNI) when the check names one. */
  readonly fqdn?: string;
  readonly port: number;
  readonly resourcePath: string;
  readonly searchString?: string;
  /** Seconds between two requests from one checker location: 10 (fast) or 30. */
  readonly requestIntervalSeconds: number;
  /** Consecutive results that change one location's view, both ways (1–10). */
  readonly failureThreshold: number;
  readonly enableSni: boolean;
}

export interface CalculatedCheck extends CheckBase {
  readonly type: 'CALCULATED';
  readonly children: readonly string[];
  readonly healthThreshold: number;
}

export type HealthCheck = EndpointCheck | CalculatedCheck;

export type FailoverRole = 'PRIMARY' | 'SECONDARY';

/** One record set of a (name, type) group: simple, failover or weighted. */
export interface RecordSetView {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
  readonly setIdentifier?: string;
  readonly failover?: FailoverRole;
  readonly weight?: number;
  readonly healthCheckId?: string;
}

export function isEndpointCheck(check: HealthCheck): check is EndpointCheck {
  return check.type !== 'CALCULATED';
}
