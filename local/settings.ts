/** Local mode's environment settings, checked before anything starts. */

export const DEFAULT_PORT = 8787;
export const DEFAULT_DNS_PORT = 8053;

export class PortSettingError extends Error {
  override readonly name = 'PortSettingError';
}

function portSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PortSettingError(`${name} must be a whole number 0–65535 (0: any free port), got ${JSON.stringify(raw)}`);
  return port;
}

/** `PORT`: the API port; unset → 8787, `0` → any free port. */
export function portFrom(env: NodeJS.ProcessEnv): number {
  return portSetting(env, 'PORT', DEFAULT_PORT);
}

/** `DNS_PORT`: the local name server's UDP and TCP port; unset → 8053, `0` → any free port. */
export function dnsPortFrom(env: NodeJS.ProcessEnv): number {
  return portSetting(env, 'DNS_PORT', DEFAULT_DNS_PORT);
}
