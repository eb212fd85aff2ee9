/**
 * A name server on 127.0.0.1 over UDP and TCP (same port), with dns-packet as the wire codec: it
 * decodes each query, asks `answer` for the first question and encodes an authoritative response.
 * TCP messages carry the 2-byte length prefix (dns-packet's stream codec); a UDP response over 512
 * bytes is sent truncated (TC) so the client retries over TCP.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { AnswerRecord, DnsAnswer, Question, Rcode } from './rules';

export interface DnsServerOptions {
  readonly answer: (question: Question) => Promise<DnsAnswer>;
  /** @default 127.0.0.1 */
  readonly host?: string;
  /** UDP and TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** A query that could not be answered (it gets SERVFAIL). */
  readonly onError?: (err: unknown) => void;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const RCODE: Record<Rcode | 'FORMERR' | 'NOTIMP', number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
const UDP_LIMIT = 512;

function toWire(record: AnswerRecord): dnsPacket.Answer {
  return record.type === 'SOA'
    ? { name: record.name, type: 'SOA', ttl: record.ttl, class: 'IN', data: record.data }
    : record.type === 'TXT'
      ? { name: record.name, type: 'TXT', ttl: record.ttl, class: 'IN', data: record.data }
      : { name: record.name, type: record.type, ttl: record.ttl, class: 'IN', data: record.data };
}

async function respond(message: Buffer, options: DnsServerOptions): Promise<dnsPacket.Packet | undefined> {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    // Not even a header to answer to.
    if (message.length < 2) return undefined;
    return { type: 'response', id: message.readUInt16BE(0), flags: RCODE.FORMERR };
  }
  const base = { type: 'response' as const, id: query.id ?? 0, questions: query.questions ?? [] };
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const question = query.questions?.[0];
  if (query.type !== 'query' || question === undefined) return { ...base, flags: rd | RCODE.FORMERR };
  if (((query.flags ?? 0) >> 11) & 0xf) return { ...base, flags: rd | RCODE.NOTIMP };
  try {
    const result = await options.answer({ name: question.name, type: question.type });
    return {
      ...base,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | rd | RCODE[result.rcode],
      answers: result.answers.map(toWire),
      authorities: result.authorities.map(toWire),
    };
  } catch (err) {
    options.onError?.(err);
    return { ...base, flags: rd | RCODE.SERVFAIL };
  }
}

function serveUdp(socket: UdpSocket, options: DnsServerOptions): void {
  socket.on('message', (message, peer) => {
    void respond(message, options).then((response) => {
      if (response === undefined) return;
      let wire = dnsPacket.encode(response);
      if (wire.length > UDP_LIMIT) {
        wire = dnsPacket.encode({ ...response, flags: (response.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [] });
      }
      socket.send(wire, peer.port, peer.address);
    });
  });
}

function serveTcp(connection: Socket, options: DnsServerOptions): void {
  let buffered = Buffer.alloc(0);
  connection.on('error', () => connection.destroy());
  connection.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      const length = buffered.readUInt16BE(0);
      const message = buffered.subarray(2, 2 + length);
      buffered = buffered.subarray(2 + length);
      void respond(message, options).then((response) => {
        if (response !== undefined && !connection.destroyed) connection.write(dnsPacket.streamEncode(response));
      });
    }
  });
}

function bindUdp(host: string, port: number, options: DnsServerOptions): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      socket.on('error', (err) => options.onError?.(err));
      serveUdp(socket, options);
      resolve(socket);
    });
  });
}

/** Resolves to the server's close(), which also ends open connections. */
function listenTcp(host: string, port: number, options: DnsServerOptions): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const connections = new Set<Socket>();
    const server: Server = createServer((connection) => {
      connections.add(connection);
      connection.on('close', () => connections.delete(connection));
      serveTcp(connection, options);
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(
        () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            for (const c of connections) c.destroy();
          }),
      );
    });
  });
}

/** Binds UDP first (port 0: a free one), then TCP on the same number; retries a few times if another process holds it. */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const host = options.host ?? '127.0.0.1';
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(host, options.port ?? 0, options);
    const port = udp.address().port;
    try {
      const closeTcp = await listenTcp(host, port, options);
      return {
        host,
        port,
        close: async () => {
          await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), closeTcp()]);
        },
      };
    } catch (err) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if ((options.port ?? 0) !== 0 || attempt >= 5 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
}
