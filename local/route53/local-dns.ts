/**
 * Route 53's data plane on this machine: the hosted zones' records and health checks are read from
 * Route 53 (moto), the health checks used by those records are evaluated by emulated checker
 * locations, and a name server on 127.0.0.1 (UDP and TCP) answers as Route 53 would.
 */
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Clock } from '../../lambdas/platform/clock';
import { repeat } from '../scheduler';
import { startDnsServer } from './dns-server';
import { Route53HealthEvaluator, type HealthChange } from './evaluator';
import { listHealthChecks, toHealthCheck } from './health-checks';
import { createRoute53Prober, type Route53Prober } from './probe';
import { answerQuestion, servedValues, type DnsAnswer, type HealthCheck, type Question, type ZoneView } from './rules';
import { createZoneSource } from './zones';

export interface LocalDnsOptions {
  readonly route53: Route53Client;
  readonly clock: Clock;
  /** Hosted zones to serve. @default every zone */
  readonly zoneIds?: readonly string[];
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** UDP and TCP port; 0 = a free one. @default 0 */
  readonly port?: number;
  /** Checker locations per endpoint check. @default 8 */
  readonly locations?: number;
  /** @default Route 53's request rules over the network, with real-time deadlines */
  readonly prober?: Route53Prober;
  /** How often health checks are re-read from Route 53. @default 2000 */
  readonly syncEveryMs?: number;
  /** Reuse a read of the records this long. @default 250 */
  readonly recordMaxAgeMs?: number;
  /** Phases and weighted choices. @default Math.random */
  readonly random?: () => number;
  readonly log?: (line: string) => void;
  readonly onHealthChange?: (change: HealthChange) => void;
}

export interface LocalDns {
  readonly host: string;
  readonly port: number;
  readonly evaluator: Route53HealthEvaluator;
  /** What the name server answers now (without the wire). */
  answer(question: Question): Promise<DnsAnswer>;
  /** The values `question`'s own records answer with now over every weighted draw (`servedValues`). */
  servedValues(question: Question): Promise<string[]>;
  /** Re-reads health checks and records now (a sync also runs every `syncEveryMs`). */
  syncNow(): Promise<void>;
  stop(): Promise<void>;
}

/** The checks the zones' records use, with the children of calculated ones: the only ones that change answers. */
export function referencedChecks(zones: readonly ZoneView[], checks: readonly HealthCheck[]): HealthCheck[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const wanted = new Set<string>();
  const add = (id: string): void => {
    if (wanted.has(id)) return;
    wanted.add(id);
    const check = byId.get(id);
    if (check?.type === 'CALCULATED') check.children.forEach(add);
  };
  for (const zone of zones) for (const r of zone.records) if (r.healthCheckId !== undefined) add(r.healthCheckId);
  return checks.filter((c) => wanted.has(c.id));
}

export async function startLocalDns(options: LocalDnsOptions): Promise<LocalDns> {
  const { route53, clock } = options;
  const log = options.log ?? (() => undefined);
  const random = options.random ?? Math.random;
  const zones = createZoneSource({ route53, clock, maxAgeMs: options.recordMaxAgeMs ?? 250, ...(options.zoneIds ? { zoneIds: options.zoneIds } : {}) });
  const evaluator = new Route53HealthEvaluator({
    prober: options.prober ?? createRoute53Prober(),
    clock,
    random,
    ...(options.locations !== undefined ? { locations: options.locations } : {}),
    ...(options.onHealthChange ? { onChange: options.onHealthChange } : {}),
  });
  const reported = new Set<string>();
  const syncNow = async (): Promise<void> => {
    const [served, stored] = await Promise.all([zones.zones(), listHealthChecks(route53)]);
    const checks: HealthCheck[] = [];
    for (const sdk of stored) {
      const check = toHealthCheck(sdk);
      if ('unsupported' in check) {
        if (!reported.has(check.unsupported)) log(`[route53] not evaluated (counts as healthy): ${check.unsupported}`);
        reported.add(check.unsupported);
      } else checks.push(check);
    }
    evaluator.sync(referencedChecks(served, checks));
  };
  const healthy = (id: string): boolean => evaluator.isHealthy(id);
  const answer = async (question: Question): Promise<DnsAnswer> => answerQuestion(await zones.zones(), question, healthy, random);

  await syncNow();
  const stopper = new AbortController();
  const syncing = repeat(syncNow, { everyMs: options.syncEveryMs ?? 2000, signal: stopper.signal, clock, onError: (err) => log(`[route53] sync failed: ${(err as Error).message}`) });
  const dns = await startDnsServer({ answer, host: options.host ?? '127.0.0.1', port: options.port ?? 0, onError: (err) => log(`[dns] SERVFAIL: ${(err as Error).message}`) }).catch(
    async (err: unknown) => {
      stopper.abort();
      await Promise.all([syncing, evaluator.stop()]);
      throw err;
    },
  );
  return {
    host: dns.host,
    port: dns.port,
    evaluator,
    answer,
    servedValues: async (question) => servedValues(await zones.zones(), question, healthy),
    syncNow,
    async stop() {
      stopper.abort();
      await Promise.all([syncing, evaluator.stop(), dns.close()]);
    },
  };
}
