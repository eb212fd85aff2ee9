/**
 * Talks to the API: the local one (bearer token) or a deployed one (SigV4). Where to find it:
 * `--url`/`--api-token` flags, else FAILOVER_API_URL/FAILOVER_TOKEN, else the file local mode writes
 * (`.emulators/local-api.json`).
 */
import { connectionFilePath, readConnectionFile } from '../local/connection-file';
import { CliError, EXIT, exitCodeForStatus } from './errors';
import { credentialsFrom, regionOfApiHost, signRequest } from './sigv4';

export interface Target {
  readonly url: string;
  /** Bearer token (local mode); without one, requests to a non-loopback URL are SigV4-signed. */
  readonly token?: string;
  /** Signing region for SigV4; derived from the execute-api host or AWS_REGION. */
  readonly region?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export function resolveTarget(flags: { url?: string; token?: string }, env: NodeJS.ProcessEnv): Target {
  const file = readConnectionFile(connectionFilePath(env));
  const url = flags.url ?? env.FAILOVER_API_URL ?? file?.url;
  if (!url) {
    throw new CliError(EXIT.unreachable, `no API to talk to: start local mode (npm run local), or set FAILOVER_API_URL (and FAILOVER_TOKEN for a local API), or pass --url`);
  }
  // A token from the connection file only belongs to the URL in that file.
  const token = flags.token ?? env.FAILOVER_TOKEN ?? (file && file.url === url ? file.token : undefined);
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new CliError(EXIT.usage, `not a URL: ${JSON.stringify(url)}`);
  }
  const region = regionOfApiHost(host) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return { url, ...(token ? { token } : {}), ...(region ? { region } : {}) };
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

export class ApiClient {
  constructor(
    private readonly target: Target,
    /** Static AWS credentials are taken from here when present; otherwise the default chain. */
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly timeoutMs = 15_000,
  ) {}

  /** True when the API is on this machine (local mode), not a deployed one. */
  get isLocal(): boolean {
    try {
      return isLoopback(new URL(this.target.url));
    } catch {
      return false;
    }
  }

  /** Sends a request; 2xx and the listed statuses resolve, anything else throws CliError. */
  async request(method: string, path: string, body?: unknown, accept: readonly number[] = []): Promise<ApiResponse> {
    const url = new URL(path.replace(/^\//, ''), this.target.url.endsWith('/') ? this.target.url : `${this.target.url}/`);
    const text = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = { accept: 'application/json', ...(text !== undefined ? { 'content-type': 'application/json' } : {}) };
    if (this.target.token) headers.authorization = `Bearer ${this.target.token}`;
    else if (!isLoopback(url)) {
      if (!this.target.region) throw new CliError(EXIT.usage, `cannot tell the AWS region of ${url.host} for SigV4 signing; set AWS_REGION`);
      headers = await signRequest({ method, url, headers, ...(text !== undefined ? { body: text } : {}) }, this.target.region, credentialsFrom(this.env)).catch((err: Error) => {
        throw new CliError(EXIT.auth, `cannot sign the request with AWS credentials: ${err.message}`);
      });
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, ...(text !== undefined ? { body: text } : {}), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(EXIT.unreachable, `cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}${isLoopback(url) ? ' (is local mode running? npm run local)' : ''}`);
    }
    const raw = await res.text();
    let parsed: unknown = raw;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      // Not JSON (e.g. an API Gateway HTML error); keep the text.
    }
    if (res.ok || accept.includes(res.status)) return { status: res.status, body: parsed };
    const message = typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string' ? (parsed as { message: string }).message : raw.slice(0, 300);
    throw new CliError(exitCodeForStatus(res.status), `${method} ${url.pathname}: HTTP ${res.status}: ${message}`, parsed);
  }
}
