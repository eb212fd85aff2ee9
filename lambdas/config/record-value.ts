import type { FailoverConfig } from './schema';

/**
 * What a region's DNS record points at: its `recordValue`, else its endpoint host; undefined for a
 * region that is not an app region (each caller reports that in its own error).
 */
export function recordValueOf(config: Pick<FailoverConfig, 'appRegions'>, region: string): string | undefined {
  const app = config.appRegions.find((r) => r.region === region);
  return app === undefined ? undefined : (app.recordValue ?? app.endpoint.host);
}
