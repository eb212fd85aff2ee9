/**
 * Stand-ins for the app's regional deployments in local mode: one real HTTP server per app region
 * on 127.0.0.1, answering the configured health path like the real app would. Their behaviour can
 * be switched at run time (`POST /demo/{region}/{mode}` or `failover demo break <region>`):
 *  - healthy:  200 {"status":"ok"} at once;
 *  - down:     503 {"status":"down"};
 *  - slow:     200 {"status":"ok"}, but only after `slowMs` (above the latency limit: a gray failure);
 *  - flapping: healthy and down alternating every `flapPeriodMs`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoPort } from '../lambdas/api/ports';
import type { DemoMode } from '../lambdas/api/schemas';

export interface DemoBackendOptions {
  /** How long a slow answer takes. */
  readonly slowMs: number;
  /** Half-period of flapping: this long healthy, then this long down. */
  readonly flapPeriodMs: number;
  /** Wall clock for flapping; injectable so tests can pick a phase. @default Date.now */
  readonly now?: () => number;
  /** Port per region; a restarted region (regional local mode) keeps its port. @default any free port */
  readonly ports?: Readonly<Record<string, number>>;
}

export interface DemoBackend {
  readonly region: string;
  readonly port: number;
  mode: DemoMode;
}

export interface DemoBackends extends DemoPort {
  readonly backends: readonly DemoBackend[];
  portOf(region: string): number;
  /** Slow answers not sent yet. */
  pendingAnswers(): number;
  stop(): Promise<void>;
}

export class UnknownDemoRegionError extends Error {
  override readonly name = 'UnknownDemoRegionError';
}

/** What the backend answers right now (exported for tests). */
export function answerFor(mode: DemoMode, region: string, now: number, flapPeriodMs: number): { status: number; body: string } {
  const up = mode === 'healthy' || mode === 'slow' || (mode === 'flapping' && Math.floor(now / flapPeriodMs) % 2 === 0);
  return up ? { status: 200, body: JSON.stringify({ status: 'ok', region }) } : { status: 503, body: JSON.stringify({ status: 'down', region }) };
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startDemoBackends(regions: readonly string[], options: DemoBackendOptions): Promise<DemoBackends> {
  const now = options.now ?? Date.now;
  const servers: Server[] = [];
  const backends: DemoBackend[] = [];
  const timers = new Set<NodeJS.Timeout>();
  try {
    for (const region of regions) {
      const backend: DemoBackend = { region, port: 0, mode: 'healthy' };
      const server = createServer((req, res) => {
        const { status, body } = answerFor(backend.mode, region, now(), options.flapPeriodMs);
        const send = (): void => {
          res.writeHead(status, { 'content-type': 'application/json', 'x-demo-mode': backend.mode });
          res.end(body);
        };
        if (backend.mode !== 'slow') return send();
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, options.slowMs);
        timers.add(timer);
        req.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
      });
      servers.push(server);
      (backend as { port: number }).port = await listen(server, options.ports?.[region]);
      backends.push(backend);
    }
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw err;
  }

  const find = (region: string): DemoBackend => {
    const backend = backends.find((b) => b.region === region);
    if (!backend) throw new UnknownDemoRegionError(`no demo backend for ${region}; demo regions: ${regions.join(', ')}`);
    return backend;
  };

  return {
    backends,
    portOf: (region) => find(region).port,
    pendingAnswers: () => timers.size,
    setMode(region, mode) {
      find(region).mode = mode;
    },
    modes: () => Object.fromEntries(backends.map((b) => [b.region, b.mode])),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              // Slow answers and keep-alive sockets would otherwise hold close() open.
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
