/**
 * Regional local mode on the shared emulators for end-to-end tests: the example topology (2 app
 * regions, 3 checker regions, MRSC over 3 replica regions, health-signal DNS) on a fast cadence,
 * and the HTTP calls the tests make — as an operator would, through the operator API.
 */
import type { ChaosCommand, ChaosStateBody } from '../../../lambdas/api/chaos-schemas';
import type { AuditEntryBody, HistoryBody, StatusBody } from '../../../lambdas/api/schemas';
import { parseConfig, type FailoverConfig, type FailoverConfigInput } from '../../../lambdas/config';
import { startRegionalLocalMode, type RegionalLocalMode } from '../../../local/regions/regional-mode';
import { example } from '../../lib/support/apps';
import { emulatorEndpoints } from '../../support/emulators';
import { waitFor } from '../helpers';

/** The example's regions and policy; 1 s probes, 2-probe thresholds, a 3 s lease, no hold-down, manual failback. */
export function fastExample(overrides: Partial<FailoverConfigInput> = {}): FailoverConfig {
  return parseConfig({
    ...example,
    appRegions: example.appRegions.map((a) => ({ ...a, endpoint: { ...a.endpoint, timeoutMs: 800, latencyLimitMs: 600 } })),
    probe: { intervalSeconds: 1, failureThreshold: 2, recoveryThreshold: 2, staleAfterIntervals: 3, concurrency: 8 },
    failover: { holdDownSeconds: 0, flapWindowSeconds: 60, maxFlipsPerWindow: 100, failback: 'manual', failbackDwellSeconds: 1 },
    leader: { leaseMs: 3000, renewMs: 1000, retryMs: 200 },
    ...overrides,
  });
}

export interface Harness {
  readonly local: RegionalLocalMode;
  status(): Promise<StatusBody>;
  history(): Promise<AuditEntryBody[]>;
  chaos(command: ChaosCommand): Promise<ChaosStateBody>;
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  /** Status code of GET /signal/{region} on `api`'s region API; undefined when that API does not answer. */
  signal(api: string, region: string): Promise<number | undefined>;
  /** Every process running, both app regions UP by quorum, a leader. */
  settled(): Promise<StatusBody>;
  stop(): Promise<void>;
}

export async function startHarness(config: FailoverConfig): Promise<Harness> {
  // Kept quiet, but a failed start says what the processes printed.
  const lines: string[] = [];
  const log = (line: string): void => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  const local = await startRegionalLocalMode({ config, emulators: emulatorEndpoints(), port: 0, log }).catch((err: Error) => {
    throw new Error(`regional local mode did not start: ${err.message}\nlast lines:\n${lines.join('\n')}`);
  });
  const auth = { authorization: `Bearer ${local.token}` };
  const json = async (path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${local.url}${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    return { status: res.status, json: await res.json() };
  };
  const status = async (): Promise<StatusBody> => (await json('/status')).json as StatusBody;
  return {
    local,
    status,
    async history() {
      const items: AuditEntryBody[] = [];
      let cursor: string | undefined;
      do {
        const page = (await json(`/history?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json as HistoryBody;
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return items;
    },
    async chaos(command) {
      const res = await json('/chaos', { method: 'POST', body: JSON.stringify(command) });
      if (res.status !== 200) throw new Error(`POST /chaos ${JSON.stringify(command)}: HTTP ${res.status} ${JSON.stringify(res.json)}`);
      return res.json as ChaosStateBody;
    },
    post: (path, body) => json(path, { method: 'POST', body: JSON.stringify(body) }),
    async signal(api, region) {
      const url = local.apiUrls[api];
      if (!url) throw new Error(`no API in ${api}`);
      try {
        return (await fetch(`${url}/signal/${region}`, { signal: AbortSignal.timeout(3000) })).status;
      } catch {
        return undefined;
      }
    },
    settled: () =>
      waitFor(
        'every process running, both app regions UP by quorum and a leader',
        async () => ({ s: await status(), running: local.processes.list().every((p) => p.state === 'running') }),
        ({ s, running }) => running && s.regions.every((r) => r.verdict === 'UP') && s.leader !== null && s.active.length === 1,
        90_000,
        250,
      ).then(({ s }) => s),
    stop: () => local.stop(),
  };
}

/** Flip-type audit entries (automatic or operator), newest first. */
export function flips(entries: readonly AuditEntryBody[]): AuditEntryBody[] {
  return entries.filter((e) => e.action !== 'chaos' && e.action !== 'pin' && e.action !== 'unpin');
}
