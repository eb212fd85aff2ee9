/**
 * Local mode's Route 53 data plane: provisions the service's health checks and records in moto from
 * the shared DNS description (health-signal mode; in dns-update mode the controller writes the
 * records), starts the emulated health checkers and the name server on 127.0.0.1, and logs every
 * change of the service record's answer.
 */
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { FailoverConfig } from '../lambdas/config';
import type { Clock } from '../lambdas/platform/clock';
import { dnsSetupFor } from '../lambdas/platform/dns-setup';
import { localSignalEndpoints, provisionDnsSetup } from './provision-dns';
import { startLocalDns, type LocalDns } from './route53/local-dns';
import { repeat } from './scheduler';

export interface LocalModeDnsOptions {
  readonly config: FailoverConfig;
  readonly route53: Route53Client;
  readonly hostedZoneId: string;
  /** The local API that serves the signal routes Route 53's checks request: one for all regions, or per region. */
  readonly apiUrl: string | Readonly<Record<string, string>>;
  readonly clock: Clock;
  /** UDP and TCP; 0 = any free port. */
  readonly port: number;
  readonly log: (line: string) => void;
}

export interface DnsAnswerNow {
  /** The values the service record answers with now (empty: no answer); weighted records: every one a query may get. */
  readonly values: readonly string[];
  /** Wall-clock ms when the answer last changed (or was first read). */
  readonly since: number;
}

export interface LocalModeDns {
  readonly host: string;
  readonly port: number;
  /** What `dig @host -p port <recordName> <recordType>` shows now. */
  answerNow(): DnsAnswerNow | undefined;
  stop(): Promise<void>;
}

/** How often the service record's answer is re-read to log its changes. */
const WATCH_EVERY_MS = 500;

export async function startLocalModeDns(options: LocalModeDnsOptions): Promise<LocalModeDns> {
  const { config, route53, clock, log } = options;
  const setup = dnsSetupFor(config, config.dns.flipMode === 'health-signal' ? { signalEndpoints: localSignalEndpoints(config, options.apiUrl) } : {});
  await provisionDnsSetup(route53, options.hostedZoneId, config.service, setup);
  const dns: LocalDns = await startLocalDns({ route53, clock, zoneIds: [options.hostedZoneId], port: options.port, log });

  const question = { name: config.dns.recordName, type: config.dns.recordType };
  let current: DnsAnswerNow | undefined;
  // Every value the record answers with now, not one query's weighted draw, which changes per query.
  const watch = async (): Promise<void> => {
    const values = await dns.servedValues(question);
    if (current !== undefined && current.values.join(' ') === values.join(' ')) return;
    if (current !== undefined) log(`[dns] ${question.name} ${question.type} now answers ${values.join(' ') || 'nothing'}`);
    current = { values, since: clock.wallMs() };
  };
  const stopper = new AbortController();
  const watching = repeat(watch, { everyMs: WATCH_EVERY_MS, signal: stopper.signal, clock, onError: (err) => log(`[dns] reading the answer failed: ${(err as Error).message}`) });
  return {
    host: dns.host,
    port: dns.port,
    answerNow: () => current,
    async stop() {
      stopper.abort();
      await Promise.all([watching, dns.stop()]);
    },
  };
}
