/**
 * `GET /status`'s `dnsAnswer` in local mode: what the local name server answers for the service
 * record now. The API is served before the name server starts (in health-signal mode its checks
 * request the API's signal routes), so the port starts empty and is attached once the name server
 * runs; until then the API reports null, as it does in AWS.
 */
import type { DnsAnswerPort } from '../lambdas/api/ports';
import type { DnsAnswerBody } from '../lambdas/api/schemas';
import type { FailoverConfig } from '../lambdas/config';
import type { LocalModeDns } from './local-dns';

export class LocalDnsAnswerPort implements DnsAnswerPort {
  private dns: Pick<LocalModeDns, 'answerNow'> | undefined;

  constructor(private readonly record: Pick<FailoverConfig['dns'], 'recordName' | 'recordType'>) {}

  attach(dns: Pick<LocalModeDns, 'answerNow'>): void {
    this.dns = dns;
  }

  answerNow(): DnsAnswerBody | undefined {
    const now = this.dns?.answerNow();
    if (now === undefined) return undefined;
    return { name: this.record.recordName, type: this.record.recordType, values: [...now.values], since: new Date(now.since).toISOString(), source: 'local-dns' };
  }
}
