/**
 * One DNS question to a name server over UDP or TCP, with dns-packet as the codec: what the tests,
 * the benchmark and people use to read the local name server's answers.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface DnsQuery {
  readonly host?: string;
  readonly port: number;
  readonly name: string;
  /** @default A */
  readonly type?: dnsPacket.RecordType;
  /** @default udp */
  readonly transport?: 'udp' | 'tcp';
  /** @default 2000 */
  readonly timeoutMs?: number;
}

export interface DnsReply {
  readonly rcode: string;
  readonly authoritative: boolean;
  readonly truncated: boolean;
  readonly answers: readonly dnsPacket.Answer[];
  readonly authorities: readonly dnsPacket.Answer[];
}

export class DnsQueryError extends Error {
  override readonly name = 'DnsQueryError';
}

function toReply(packet: dnsPacket.Packet): DnsReply {
  const decoded = packet as dnsPacket.DecodedPacket & { rcode?: string };
  return {
    rcode: decoded.rcode ?? 'NOERROR',
    authoritative: decoded.flag_aa ?? false,
    truncated: decoded.flag_tc ?? false,
    answers: decoded.answers ?? [],
    authorities: decoded.authorities ?? [],
  };
}

function withTimeout<T>(ms: number, what: string, run: (done: (value: T) => void, fail: (err: Error) => void) => () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let cleanup: () => void = () => undefined;
    const timer = setTimeout(() => {
      cleanup();
      reject(new DnsQueryError(`no answer to ${what} within ${ms} ms`));
    }, ms);
    cleanup = run(
      (value) => {
        clearTimeout(timer);
        cleanup();
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        cleanup();
        reject(err);
      },
    );
  });
}

export function queryDns(query: DnsQuery): Promise<DnsReply> {
  const host = query.host ?? '127.0.0.1';
  const id = Math.floor(Math.random() * 65_536);
  const packet: dnsPacket.Packet = { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: query.type ?? 'A', name: query.name, class: 'IN' }] };
  const what = `${query.name} ${query.type ?? 'A'} @${host}:${query.port}/${query.transport ?? 'udp'}`;
  const timeoutMs = query.timeoutMs ?? 2000;
  if (query.transport === 'tcp') {
    return withTimeout(timeoutMs, what, (done, fail) => {
      const socket = connect({ host, port: query.port });
      let buffered = Buffer.alloc(0);
      socket.on('connect', () => socket.write(dnsPacket.streamEncode(packet)));
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) done(toReply(dnsPacket.streamDecode(buffered)));
      });
      socket.on('error', fail);
      return () => socket.destroy();
    });
  }
  return withTimeout(timeoutMs, what, (done, fail) => {
    const socket = createSocket('udp4');
    socket.on('message', (message) => {
      const reply = dnsPacket.decode(message);
      if (reply.id === id) done(toReply(reply));
    });
    socket.on('error', fail);
    socket.send(dnsPacket.encode(packet), query.port, host);
    return () => socket.close();
  });
}

/** The data of the answers of one type, e.g. the CNAME target or the A addresses. */
export function answerData(reply: DnsReply, type: string): string[] {
  return reply.answers.filter((a) => a.type === type).map((a) => String((a as { data: unknown }).data));
}
