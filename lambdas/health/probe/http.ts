/**
 * HTTP and HTTPS probes on Node's own HTTP stack. Every probe opens a fresh connection (`agent:
 * false`, `connection: close`): a keep-alive pool would hide a server that stopped accepting
 * connections behind a socket that still works. The deadline in `runAttempt` destroys the request
 * and its socket, so a hung server never blocks a round.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { HealthCheckSpec } from '../../config/schema';
import { bodyMatches, describeBodyMatch } from '../rules/body-match';
import type { ProbeAttempt } from '../rules/types';
import type { Clock } from '../../platform/clock';
import { runAttempt, type AttemptControl } from './attempt';
import { classifyError } from './classify';

export interface HttpProbeOptions {
  readonly clock: Pick<Clock, 'monotonicMs'>;
  /** Trusted CA certificates (PEM) for HTTPS; replaces the default trust store (private CAs, tests). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** DNS lookup; the system resolver when absent. */
  readonly lookup?: LookupFunction;
}

export const DEFAULT_USER_AGENT = 'region-failover-checker';

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Configured headers win, except `connection`: probes never reuse connections. */
export function probeHeaders(spec: HealthCheckSpec): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!hasHeader(spec.headers, 'user-agent')) headers['user-agent'] = DEFAULT_USER_AGENT;
  // With an explicit SNI name (typically when `host` is an IP), the virtual host is that name too.
  if (spec.sni !== undefined && !hasHeader(spec.headers, 'host')) headers.host = spec.sni;
  for (const [name, value] of Object.entries(spec.headers)) if (name.toLowerCase() !== 'connection') headers[name] = value;
  headers.connection = 'close';
  return headers;
}

function requestOptions(spec: HealthCheckSpec, options: HttpProbeOptions): HttpsRequestOptions {
  const tls = spec.protocol === 'HTTPS';
  const base: RequestOptions = {
    host: spec.host,
    port: spec.port ?? (tls ? 443 : 80),
    path: spec.path,
    method: 'GET',
    headers: probeHeaders(spec),
    agent: false,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
  };
  if (!tls) return base;
  const servername = spec.sni ?? (isIP(spec.host) === 0 ? spec.host : undefined);
  return {
    ...base,
    ...(servername === undefined ? {} : { servername }),
    rejectUnauthorized: spec.validateCertificate,
    ...(options.ca === undefined ? {} : { ca: typeof options.ca === 'string' || Buffer.isBuffer(options.ca) ? options.ca : [...options.ca] }),
  };
}

function expectedStatus(spec: HealthCheckSpec): string {
  const { min, max } = spec.expectedStatus;
  return min === max ? `${min}` : `${min}–${max}`;
}

function onResponse(res: IncomingMessage, spec: HealthCheckSpec, control: AttemptControl): void {
  const status = res.statusCode ?? 0;
  res.on('error', (err) => control.finish({ ok: false, ...classifyError(err), status }));
  if (status < spec.expectedStatus.min || status > spec.expectedStatus.max) {
    return control.finish({ ok: false, reason: 'status', status, detail: `status ${status} (expected ${expectedStatus(spec)})` });
  }
  const match = spec.bodyMatch;
  if (match === undefined) return control.finish({ ok: true, status, detail: `status ${status}` });
  // Only the first bodyMaxBytes are read: a huge or endless body cannot stall or bloat a probe.
  const chunks: Buffer[] = [];
  let length = 0;
  const judge = (): void => {
    const body = Buffer.concat(chunks, length).subarray(0, spec.bodyMaxBytes).toString('utf8');
    if (bodyMatches(body, match)) control.finish({ ok: true, status, detail: `status ${status}, body matched` });
    else control.finish({ ok: false, reason: 'body-mismatch', status, detail: `body has no ${describeBodyMatch(match)} in its first ${spec.bodyMaxBytes} bytes` });
  };
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= spec.bodyMaxBytes) judge();
  });
  res.on('end', judge);
}

export function probeHttp(spec: HealthCheckSpec, options: HttpProbeOptions, signal?: AbortSignal): Promise<ProbeAttempt> {
  return runAttempt(spec, options.clock, signal, (control) => {
    const send = spec.protocol === 'HTTPS' ? httpsRequest : httpRequest;
    const req: ClientRequest = send(requestOptions(spec, options), (res) => onResponse(res, spec, control));
    // The listener stays for the request's whole life: errors after settling must not go unhandled.
    req.on('error', (err) => control.finish({ ok: false, ...classifyError(err) }));
    control.onSettle(() => req.destroy());
    req.end();
  });
}
