/** Maps Node socket, DNS and TLS errors to probe failure reasons. */
import type { FailureReason } from '../rules/types';

const BY_CODE: Record<string, FailureReason> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  EAI_NONAME: 'dns',
  ENODATA: 'dns',
  ESERVFAIL: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ETIMEDOUT: 'timeout',
};

/** Certificate and handshake failures: OpenSSL verify codes and Node's ERR_TLS_* / ERR_SSL_* codes. */
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|EPROTO$|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(GET|VERIFY|DECRYPT)_|HOSTNAME_MISMATCH$|INVALID_CA$|INVALID_PURPOSE$|PATH_LENGTH_EXCEEDED$)/;

export interface Classified {
  readonly reason: FailureReason;
  readonly detail: string;
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = err.code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyError(err: unknown): Classified {
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  if (code === undefined) return { reason: 'error', detail };
  const reason = BY_CODE[code] ?? (TLS_CODE.test(code) ? 'tls' : 'error');
  return { reason, detail };
}
