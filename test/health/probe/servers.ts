/**
 * Real servers on 127.0.0.1 with the behaviours a health check must tell apart. Every server
 * tracks its sockets so `close()` ends them all, also when a test fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections currently open on the server side. */
  readonly open: number;
  /** Resolves once no connection is open on the server side. */
  allClosed(): Promise<void>;
  /** Requests seen, in order (HTTP servers only). */
  readonly requests: IncomingMessage[];
  /** SNI name sent by each TLS client, `false` when none (HTTPS servers only). */
  readonly serverNames: (string | false)[];
  close(): Promise<void>;
}

function track(server: Server): { sockets: Set<Socket>; counter: { accepted: number }; waiters: (() => void)[] } {
  const sockets = new Set<Socket>();
  const counter = { accepted: 0 };
  const waiters: (() => void)[] = [];
  server.on('connection', (socket: Socket) => {
    counter.accepted += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) waiters.splice(0).forEach((w) => w());
    });
  });
  return { sockets, counter, waiters };
}

async function listen(server: Server, requests: IncomingMessage[] = [], serverNames: (string | false)[] = []): Promise<TestServer> {
  const { sockets, counter, waiters } = track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return counter.accepted;
    },
    get open() {
      return sockets.size;
    },
    allClosed: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    requests,
    serverNames,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function httpServer(handler: Handler): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = createHttpServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  return listen(server, requests);
}

/** Accepts connections, reads and discards what arrives (so it notices the client leaving), never answers. */
export function silentServer(): Promise<TestServer> {
  return listen(createNetServer((socket) => socket.resume()));
}

/** Accepts connections and answers each with a TCP reset. */
export function resetServer(): Promise<TestServer> {
  return listen(createNetServer((socket) => socket.resetAndDestroy()));
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

/**
 * A throwaway self-signed certificate for `probe.test` and 127.0.0.1, made by the openssl CLI at
 * test time, so no private key is ever committed.
 */
export function selfSignedCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'probe-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=probe.test',
        '-addext',
        'subjectAltName=DNS:probe.test,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** HTTPS server answering 200 "ok"; records the SNI name each TLS client sent. */
export function httpsServer(certificate: TestCertificate): Promise<TestServer> {
  const serverNames: (string | false)[] = [];
  const requests: IncomingMessage[] = [];
  const server = createHttpsServer(certificate, (req, res) => {
    requests.push(req);
    res.end('ok');
  });
  server.on('secureConnection', (socket: { servername?: string | false }) => serverNames.push(socket.servername ?? false));
  return listen(server, requests, serverNames);
}
