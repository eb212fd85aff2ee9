/**
 * Secret probe headers: the config names where each value is kept (an SSM SecureString parameter,
 * or a Secrets Manager secret or one key of a JSON secret) and the checker reads the values once at
 * start, in its own region, and probes with them. The values never appear in the config, the
 * function environment or the template; a reference that cannot be read stops the checker with an
 * error that names the header and the reference (the checker's Errors alarm fires).
 */
import type { FailoverConfig, SecretRef } from '../../config/schema';

/** Reads secret values; `lambdas/health/checker/aws-secret-reader.ts` reads them from SSM and Secrets Manager. */
export interface SecretReader {
  /** The decrypted value of an SSM parameter (SecureString or String). */
  parameter(name: string): Promise<string>;
  /** The SecretString of a Secrets Manager secret. */
  secret(id: string): Promise<string>;
}

export class SecretHeaderError extends Error {
  override readonly name = 'SecretHeaderError';
}

function describe(ref: SecretRef): string {
  return 'ssmParameter' in ref ? `SSM parameter ${ref.ssmParameter}` : `Secrets Manager secret ${ref.secretsManager}${ref.jsonKey ? ` key ${ref.jsonKey}` : ''}`;
}

async function valueOf(ref: SecretRef, reader: SecretReader): Promise<string> {
  if ('ssmParameter' in ref) return reader.parameter(ref.ssmParameter);
  const text = await reader.secret(ref.secretsManager);
  if (ref.jsonKey === undefined) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('the secret is not JSON, so it has no keys');
  }
  const value = (parsed as Record<string, unknown> | null)?.[ref.jsonKey];
  if (typeof value !== 'string') throw new Error(`the JSON secret has no string key ${JSON.stringify(ref.jsonKey)}`);
  return value;
}

/** Whether any endpoint has secret headers (then the checker needs a reader at start). */
export function hasSecretHeaders(config: Pick<FailoverConfig, 'appRegions'>): boolean {
  return config.appRegions.some((a) => Object.keys(a.endpoint.secretHeaders ?? {}).length > 0);
}

/** The config with every secret header read and merged into `headers` (and `secretHeaders` gone). */
export async function resolveSecretHeaders(config: FailoverConfig, reader: SecretReader): Promise<FailoverConfig> {
  const problems: string[] = [];
  const appRegions = await Promise.all(
    config.appRegions.map(async (app) => {
      const { secretHeaders, ...endpoint } = app.endpoint;
      const resolved: Record<string, string> = {};
      for (const [name, ref] of Object.entries(secretHeaders ?? {})) {
        try {
          const value = await valueOf(ref, reader);
          if (value === '' || /[\r\n]/.test(value)) throw new Error('the value is empty or spans lines, which no header can carry');
          resolved[name] = value;
        } catch (err) {
          problems.push(`appRegions ${app.region} header ${name} from ${describe(ref)}: ${(err as Error).message}`);
        }
      }
      return { ...app, endpoint: { ...endpoint, headers: { ...endpoint.headers, ...resolved } } };
    }),
  );
  if (problems.length > 0) throw new SecretHeaderError(`cannot read ${problems.length} secret probe header${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { ...config, appRegions };
}
