/**
 * `failover ui`: a deployed service's status page in the browser. In AWS every route but the
 * health signal sits behind IAM, so a browser cannot open the page itself; this serves it from
 * http://127.0.0.1:<port>/<secret>/ and forwards each request to the API signed with the
 * operator's AWS credentials (SigV4, the SDK's standard chain) — no new public surface, no new
 * auth system. The proxy only reads (GET and HEAD; the page needs nothing else), answers only on
 * the loopback interface, only to Host 127.0.0.1/localhost (no DNS rebinding), and only under a
 * random path prefix, so neither another local user nor a web page can use your credentials
 * through it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { intOption, stringOption, usageError, type OptionValues } from './args';
import { CliError, EXIT, type ExitCode } from './errors';
import { credentialsFrom, regionOfApiHost, signRequest } from './sigv4';

export interface SigningProxyOptions {
  /** The deployed API, e.g. https://abc123.execute-api.us-east-1.amazonaws.com/v1 */
  readonly api: URL;
  /** Signing region (from the execute-api host, or AWS_REGION). */
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default 0: any free port */
  readonly port?: number;
  /** @default 24 random bytes */
  readonly secret?: string;
}

export interface SigningProxy {
  /** The page: http://127.0.0.1:<port>/<secret>/ */
  readonly url: string;
  close(): Promise<void>;
}

/** Response headers worth passing on to the browser. */
const PASSED_HEADERS = ['content-type', 'content-security-policy', 'cache-control', 'x-content-type-options', 'allow'];

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  const error = { 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed' }[status] ?? 'bad_gateway';
  res.end(JSON.stringify({ error, message }));
}

export function startSigningProxy(options: SigningProxyOptions): Promise<SigningProxy> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  const prefix = `/${secret}/`;
  const base = options.api.href.endsWith('/') ? options.api.href : `${options.api.href}/`;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return answer(res, 403, 'this proxy answers only to http://127.0.0.1');
    const path = req.url ?? '/';
    if (path === `/${secret}`) {
      res.writeHead(308, { location: prefix });
      return void res.end();
    }
    if (!path.startsWith(prefix)) return answer(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'this proxy only reads; use the failover CLI to change things', { allow: 'GET, HEAD' });
    const target = new URL(path.slice(prefix.length), base);
    let headers: Record<string, string>;
    try {
      headers = await signRequest({ method: req.method, url: target, headers: { accept: req.headers.accept ?? '*/*' } }, options.region, options.credentials);
    } catch (err) {
      return answer(res, 502, `cannot sign the request with your AWS credentials: ${(err as Error).message}`);
    }
    let upstream: Response;
    try {
      upstream = await fetch(target, { method: req.method, headers, signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      return answer(res, 502, `cannot reach ${target.origin}: ${cause}`);
    }
    const body = Buffer.from(await upstream.arrayBuffer());
    const passed: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) passed[name] = value;
    }
    res.writeHead(upstream.status, passed);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => answer(res, 502, (err as Error).message));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Opens `url` in the default browser; a failure only means the user opens it by hand. */
function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Printed anyway.
  }
}

/** Resolves when Ctrl-C (SIGINT) or SIGTERM arrives. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export interface UiIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  /** The proxy runs until this aborts; the real program stops on Ctrl-C. */
  readonly signal?: AbortSignal;
}

export async function runUi(values: OptionValues, io: UiIo): Promise<ExitCode> {
  const raw = stringOption(values, 'api') ?? stringOption(values, 'url') ?? io.env.FAILOVER_API_URL;
  if (raw === undefined) throw usageError('failover ui needs the deployed API: --api https://<id>.execute-api.<region>.amazonaws.com/<stage>');
  let api: URL;
  try {
    api = new URL(raw);
  } catch {
    throw usageError(`--api is not a URL: ${JSON.stringify(raw)}`);
  }
  const region = regionOfApiHost(api.hostname) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (region === undefined) throw usageError(`cannot tell the AWS region of ${api.host} for SigV4 signing; set AWS_REGION`);
  const port = intOption(values, 'port', { min: 0, max: 65535 }) ?? 0;
  const provider = credentialsFrom(io.env);
  // Resolve once now: missing or expired credentials are reported before the page is opened.
  const credentials = await (typeof provider === 'function' ? provider() : Promise.resolve(provider)).catch((err: Error) => {
    throw new CliError(EXIT.auth, `no usable AWS credentials to sign with: ${err.message}`);
  });
  const proxy = await startSigningProxy({ api, region, credentials: typeof provider === 'function' ? provider : credentials, port }).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EADDRINUSE' ? usageError(`port ${port} is in use; pass another --port (or none for any free one)`) : err;
  });
  io.out(`status page  ${proxy.url}\n             (${api.origin}${api.pathname} through a local proxy that signs each request with your AWS credentials; read-only; Ctrl-C stops it)`);
  if (values.open === true) openInBrowser(proxy.url);
  await (io.signal ? new Promise<void>((resolve) => (io.signal!.aborted ? resolve() : io.signal!.addEventListener('abort', () => resolve(), { once: true }))) : untilInterrupted());
  await proxy.close();
  return EXIT.ok;
}
