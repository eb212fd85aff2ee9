/** Local mode's environment settings, checked before anything starts. */

export const DEFAULT_PORT = 8787;

export class PortSettingError extends Error {
  override readonly name = 'PortSettingError';
}

/** `PORT`: the API port; unset → 8787, `0` → any free port. */
export function portFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PortSettingError(`PORT must be a whole number 0–65535 (0: any free port), got ${JSON.stringify(raw)}`);
  return port;
}
