/** Reads the health checks Route 53 (here: moto) stores, as the data plane needs them. */
import { ListHealthChecksCommand, type HealthCheck as SdkHealthCheck, type Route53Client } from '@aws-sdk/client-route-53';
import type { EndpointCheckType, HealthCheck } from './rules';

const ENDPOINT_TYPES: readonly string[] = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'];

/**
 * @returns the check, or a reason it cannot be evaluated locally (CloudWatch-alarm and
 *          recovery-control checks follow data this emulation does not have).
 */
export function toHealthCheck(sdk: SdkHealthCheck): HealthCheck | { readonly unsupported: string } {
  const id = sdk.Id ?? '';
  const c = sdk.HealthCheckConfig;
  if (!c?.Type) return { unsupported: `${id}: no HealthCheckConfig` };
  const common = { id, inverted: c.Inverted ?? false, disabled: c.Disabled ?? false };
  if (c.Type === 'CALCULATED') return { ...common, type: 'CALCULATED', children: c.ChildHealthChecks ?? [], healthThreshold: c.HealthThreshold ?? 0 };
  if (!ENDPOINT_TYPES.includes(c.Type)) return { unsupported: `${id}: type ${c.Type} is not evaluated locally` };
  const type = c.Type as EndpointCheckType;
  const host = c.IPAddress ?? c.FullyQualifiedDomainName;
  if (!host) return { unsupported: `${id}: neither IPAddress nor FullyQualifiedDomainName` };
  const tls = type === 'HTTPS' || type === 'HTTPS_STR_MATCH';
  return {
    ...common,
    type,
    host,
    ...(c.FullyQualifiedDomainName ? { fqdn: c.FullyQualifiedDomainName } : {}),
    port: c.Port ?? (tls ? 443 : 80),
    resourcePath: c.ResourcePath ?? '/',
    ...(c.SearchString ? { searchString: c.SearchString } : {}),
    requestIntervalSeconds: c.RequestInterval ?? 30,
    failureThreshold: c.FailureThreshold ?? 3,
    enableSni: c.EnableSNI ?? tls,
  };
}

/** Every health check in the account (ListHealthChecks, all pages). */
export async function listHealthChecks(route53: Route53Client): Promise<SdkHealthCheck[]> {
  const all: SdkHealthCheck[] = [];
  let marker: string | undefined;
  do {
    const page = await route53.send(new ListHealthChecksCommand({ ...(marker ? { Marker: marker } : {}) }));
    all.push(...(page.HealthChecks ?? []));
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  return all;
}
