/**
 * Local mode probes demo backends instead of the real regional endpoints. The example config points
 * at example.com over HTTPS; this is the one place that rewrites each app region's endpoint to
 * its demo backend on 127.0.0.1 (plain HTTP), keeping everything else of the health check (path,
 * expected status, body match, timeouts) so what is probed locally is what is probed in AWS.
 */
import type { FailoverConfig } from '../lambdas/config';

/**
 * @param ports demo backend port per app region
 * @returns a config whose app endpoints are `http://127.0.0.1:<port><path>`; the DNS record value
 *          stays the original host (a CNAME cannot point at an IP), so Route 53 records look real.
 */
export function withDemoEndpoints(config: FailoverConfig, ports: Readonly<Record<string, number>>): FailoverConfig {
  return {
    ...config,
    appRegions: config.appRegions.map((app) => {
      const port = ports[app.region];
      if (port === undefined) throw new Error(`no demo backend port for app region ${app.region}`);
      // Demo backends check no credentials: secret headers are not resolved (nor sent) locally.
      const { sni: _sni, secretHeaders: _secrets, ...endpoint } = app.endpoint;
      return {
        ...app,
        recordValue: app.recordValue ?? app.endpoint.host,
        endpoint: { ...endpoint, protocol: 'HTTP' as const, host: '127.0.0.1', port, validateCertificate: false },
      };
    }),
  };
}
