/** The name server over real UDP and TCP sockets on 127.0.0.1, read by our client and by Node's own resolver. */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { answerData, queryDns } from '../../../local/route53/dns-client';
import { startDnsServer, type DnsServer } from '../../../local/route53/dns-server';
import type { DnsAnswer, Question } from '../../../local/route53/rules';

let server: DnsServer;
const asked: Question[] = [];
beforeAll(async () => {
  server = await startDnsServer({
    answer: (q) => {
      asked.push(q);
      if (q.name === 'boom.example.com') return Promise.reject(new Error('boom'));
      if (q.name === 'big.example.com') {
        const answers = Array.from({ length: 40 }, (_, i) => ({ name: 'big.example.com.', type: 'A' as const, ttl: 60, data: `192.0.2.${i + 1}` }));
        return Promise.resolve<DnsAnswer>({ rcode: 'NOERROR', answers, authorities: [] });
      }
      if (q.name !== 'api.example.com') return Promise.resolve<DnsAnswer>({ rcode: 'NXDOMAIN', answers: [], authorities: [] });
      return Promise.resolve<DnsAnswer>({ rcode: 'NOERROR', answers: [{ name: 'api.example.com.', type: 'CNAME', ttl: 30, data: 'use1.example.net' }], authorities: [] });
    },
  });
});
afterAll(() => server.close());

describe('the local name server', () => {
  it.each(['udp', 'tcp'] as const)('answers over %s with the record, its TTL and the authoritative flag', async (transport) => {
    const reply = await queryDns({ port: server.port, name: 'api.example.com', type: 'CNAME', transport });
    expect(reply).toMatchObject({ rcode: 'NOERROR', authoritative: true, truncated: false });
    expect(reply.answers).toEqual([expect.objectContaining({ name: 'api.example.com', type: 'CNAME', ttl: 30, data: 'use1.example.net' })]);
  });

  it('passes the rcode through (NXDOMAIN)', async () => {
    expect((await queryDns({ port: server.port, name: 'nope.example.com' })).rcode).toBe('NXDOMAIN');
  });

  it('is understood by Node’s own resolver (c-ares)', async () => {
    const resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    expect(await resolver.resolveCname('api.example.com')).toEqual(['use1.example.net']);
    await expect(resolver.resolve4('nope.example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers SERVFAIL when answering fails, and keeps serving', async () => {
    expect((await queryDns({ port: server.port, name: 'boom.example.com' })).rcode).toBe('SERVFAIL');
    expect(answerData(await queryDns({ port: server.port, name: 'api.example.com', type: 'CNAME' }), 'CNAME')).toEqual(['use1.example.net']);
  });

  it('truncates a UDP answer over 512 bytes and gives it whole over TCP', async () => {
    const udp = await queryDns({ port: server.port, name: 'big.example.com' });
    expect(udp).toMatchObject({ truncated: true, answers: [] });
    expect(answerData(await queryDns({ port: server.port, name: 'big.example.com', transport: 'tcp' }), 'A')).toHaveLength(40);
  });

  it('answers FORMERR to a message that is not a DNS query', async () => {
    const socket = createSocket('udp4');
    const reply = await new Promise<Buffer>((resolve) => {
      socket.on('message', resolve);
      socket.send(Buffer.from([0x12, 0x34, 0xff]), server.port, '127.0.0.1');
    });
    socket.close();
    expect(reply.readUInt16BE(0)).toBe(0x1234);
    expect(reply.readUInt16BE(2) & 0xf).toBe(1);
  });
});
