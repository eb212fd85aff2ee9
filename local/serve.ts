/** Serves the Hono app on 127.0.0.1 with @hono/node-server; used by local mode and tests. */
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedApp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** `port` 0 picks a free port. Only the loopback interface: the local API is not for the network. */
/** Anything with a fetch handler (a Hono app of any Env). */
export interface FetchApp {
  fetch(request: Request, env?: never): Response | Promise<Response>;
}

export function serveApp(app: FetchApp, options: { port: number; host?: string }): Promise<ServedApp> {
  const host = options.host ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: (request: Request) => app.fetch(request), hostname: host }) as Server;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(`port ${options.port} on ${host} is in use; set PORT to another port (or PORT=0 for any free one)`) : err);
    });
    server.listen(options.port, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
