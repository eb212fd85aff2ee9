/** Shared by the local-mode end-to-end tests: a fast config and polling with a deadline. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FailoverConfigInput } from '../../lambdas/config';
import type { StatusBody } from '../../lambdas/api/schemas';

/** 1 s probes, 2-probe thresholds, no hold-down, automatic failback after 1 s: a flip in ~3 s. */
export function fastConfig(overrides: Partial<FailoverConfigInput> = {}): FailoverConfigInput {
  const endpoint = (host: string) => ({ protocol: 'HTTPS' as const, host, port: 443, path: '/health/deep', bodyMatch: { substring: '"status":"ok"' }, timeoutMs: 800, latencyLimitMs: 600 });
  return {
    service: 'local-e2e',
    coordination: { mode: 'single-region', regions: ['us-east-1'] },
    appRegions: [
      { region: 'us-east-1', endpoint: endpoint('use1.e2e.example.com') },
      { region: 'us-west-2', endpoint: endpoint('usw2.e2e.example.com') },
    ],
    checkerRegions: ['us-east-1', 'us-west-2', 'eu-west-1'],
    dns: { hostedZoneName: 'e2e.example.com', recordName: 'api.e2e.example.com', recordType: 'CNAME', ttl: 30, flipMode: 'dns-update' },
    policy: { mode: 'active-passive', priority: ['us-east-1', 'us-west-2'] },
    probe: { intervalSeconds: 1, failureThreshold: 2, recoveryThreshold: 2, staleAfterIntervals: 3, concurrency: 8 },
    failover: { holdDownSeconds: 0, flapWindowSeconds: 60, maxFlipsPerWindow: 10, failback: 'auto', failbackDwellSeconds: 1 },
    leader: { leaseMs: 3000, renewMs: 1000, retryMs: 200 },
    ...overrides,
  };
}

export function writeTempConfig(config: FailoverConfigInput): string {
  const file = join(mkdtempSync(join(tmpdir(), 'failover-local-')), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Polls `read` until `done` holds or the deadline passes; the error names what was awaited and the last value. */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
}

export async function getStatus(url: string): Promise<StatusBody> {
  const res = await fetch(`${url}/status`);
  if (!res.ok) throw new Error(`GET /status: HTTP ${res.status}`);
  return (await res.json()) as StatusBody;
}
