/**
 * A small TCP proxy whose link can be broken on purpose: local mode puts one in front of DynamoDB
 * Local per replica region (and in front of each demo backend per checker), so "this region's
 * replica is unreachable" is a real network failure the SDK sees, not a flag in our code.
 *
 * Modes: `up` forwards; `refuse` stops listening (connection refused) and drops open connections;
 * `blackhole` accepts connections and never answers (timeouts); `drop-responses` forwards requests
 * but throws the answers away (a write lands, its answer is lost). `latencyMs` delays every chunk in
 * both directions, in order.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'up' | 'refuse' | 'blackhole' | 'drop-responses';

export interface TcpProxyOptions {
  readonly target: { readonly host: string; readonly port: number };
  /** Listening port; 0 picks a free one, which is then kept across `refuse` and back. @default 0 */
  readonly port?: number;
  readonly host?: string;
}

export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  readonly mode: ProxyMode;
  readonly latencyMs: number;
  /** Connections accepted since start (a connection refused while in `refuse` is not counted). */
  readonly accepted: number;
  setMode(mode: ProxyMode): Promise<void>;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream?: Socket;
}

/** Writes chunks after `latency()` ms each, never out of order. */
function delayedWriter(dst: Socket, latency: () => number): (chunk: Buffer) => void {
  let lastDue = 0;
  return (chunk) => {
    const ms = latency();
    if (ms <= 0 && lastDue <= Date.now()) {
      if (!dst.destroyed) dst.write(chunk);
      return;
    }
    const due = Math.max(Date.now() + ms, lastDue);
    lastDue = due;
    setTimeout(() => {
      if (!dst.destroyed) dst.write(chunk);
    }, due - Date.now());
  };
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const host = options.host ?? '127.0.0.1';
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'up';
  let latencyMs = 0;
  let accepted = 0;
  let server: Server | undefined;
  let port = options.port ?? 0;

  const drop = (pair: Pair): void => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const onConnection = (client: Socket): void => {
    accepted += 1;
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    if (mode === 'blackhole') return; // held open, never answered
    const upstream = connect(options.target.port, options.target.host);
    pair.upstream = upstream;
    const toUpstream = delayedWriter(upstream, () => latencyMs);
    const toClient = delayedWriter(client, () => latencyMs);
    client.on('data', toUpstream);
    upstream.on('data', (chunk: Buffer) => {
      if (mode !== 'drop-responses') toClient(chunk);
    });
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer(onConnection);
      s.once('error', reject);
      s.listen(port, host, () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  await listen();
  return {
    get port() {
      return port;
    },
    get url() {
      return `http://${host}:${port}`;
    },
    get mode() {
      return mode;
    },
    get latencyMs() {
      return latencyMs;
    },
    get accepted() {
      return accepted;
    },
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      // Open connections belong to the old behaviour: a client must reconnect into the new one.
      for (const pair of [...pairs]) drop(pair);
      if (next === 'refuse') await stopListening();
      else if (previous === 'refuse') await listen();
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    async close() {
      for (const pair of [...pairs]) drop(pair);
      await stopListening();
    },
  };
}
