/**
 * Route 53's control plane in regional local mode: moto behind an HTTP proxy that can fail the way
 * the real one does. `down`: connections refused. `throttle`: every call answered 400 `Throttling`
 * (Route 53's rate limit, which the SDK retries with backoff). `errors`: every call answered 503
 * `ServiceUnavailable`. `up`: forwarded to moto unchanged.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ControlPlaneMode = 'up' | 'down' | 'throttle' | 'errors';

export interface ControlPlaneProxy {
  readonly url: string;
  readonly mode: ControlPlaneMode;
  /** Calls answered with a fault since start. */
  readonly faultsServed: number;
  setMode(mode: ControlPlaneMode): Promise<void>;
  close(): Promise<void>;
}

function route53Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>${status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>local-fault</RequestId></ErrorResponse>`;
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'local-fault' });
  res.end(body);
}

export async function startControlPlaneProxy(options: { readonly target: string; readonly port?: number }): Promise<ControlPlaneProxy> {
  const target = new URL(options.target);
  let mode: ControlPlaneMode = 'up';
  let faultsServed = 0;
  let port = options.port ?? 0;
  let server: Server | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (mode === 'throttle' || mode === 'errors') {
      faultsServed += 1;
      req.resume();
      if (mode === 'throttle') route53Error(res, 400, 'Throttling', 'Rate exceeded (local chaos: route53 throttle)');
      else route53Error(res, 503, 'ServiceUnavailable', 'Service unavailable (local chaos: route53 errors)');
      return;
    }
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`control-plane proxy: ${err.message}`);
    });
    req.pipe(upstream);
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer(handle);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const unlisten = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    });

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get mode() {
      return mode;
    },
    get faultsServed() {
      return faultsServed;
    },
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === 'down') await unlisten();
      else if (previous === 'down') await listen();
    },
    close: unlisten,
  };
}
