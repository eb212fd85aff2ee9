/** Secret probe headers are read at checker start and merged into the probe headers; failures name the header and the reference. */
import { parseConfig, type FailoverConfig } from '../../../lambdas/config';
import { hasSecretHeaders, resolveSecretHeaders, SecretHeaderError, type SecretReader } from '../../../lambdas/health/checker/secret-headers';
import baseConfig from '../../../failover.config.json';

function config(secretHeaders: Record<string, unknown>[]): FailoverConfig {
  return parseConfig({ ...baseConfig, appRegions: baseConfig.appRegions.map((a, i) => ({ ...a, endpoint: { ...a.endpoint, secretHeaders: secretHeaders[i] } })) });
}

const reader: SecretReader = {
  parameter: async (name) => {
    if (name === '/shop/token') return 'Bearer from-ssm';
    throw new Error(`ParameterNotFound: ${name}`);
  },
  secret: async (id) => (id === 'shop/json' ? '{"key":"from-secrets-manager"}' : 'plain-secret'),
};

describe('secret probe headers', () => {
  test('SSM parameters and Secrets Manager secrets (whole, or one JSON key) become probe headers', async () => {
    const c = config([{ authorization: { ssmParameter: '/shop/token' } }, { 'x-api-key': { secretsManager: 'shop/json', jsonKey: 'key' }, 'x-other': { secretsManager: 'shop/plain' } }]);
    expect(hasSecretHeaders(c)).toBe(true);
    const resolved = await resolveSecretHeaders(c, reader);
    expect(resolved.appRegions.map((a) => a.endpoint.headers)).toEqual([
      { 'user-agent': 'region-failover-checker', authorization: 'Bearer from-ssm' },
      { 'user-agent': 'region-failover-checker', 'x-api-key': 'from-secrets-manager', 'x-other': 'plain-secret' },
    ]);
    expect(resolved.appRegions.every((a) => a.endpoint.secretHeaders === undefined)).toBe(true);
    expect(hasSecretHeaders(parseConfig(baseConfig))).toBe(false);
  });

  test('every unreadable reference is reported at once, naming region, header and reference', async () => {
    const c = config([{ authorization: { ssmParameter: '/missing' } }, { 'x-api-key': { secretsManager: 'shop/plain', jsonKey: 'key' } }]);
    const err = await resolveSecretHeaders(c, reader).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretHeaderError);
    const message = (err as Error).message;
    expect(message).toMatch(/^cannot read 2 secret probe headers:\n/);
    expect(message).toContain('- appRegions us-east-1 header authorization from SSM parameter /missing: ParameterNotFound');
    expect(message).toContain('- appRegions us-west-2 header x-api-key from Secrets Manager secret shop/plain key key: the secret is not JSON');
  });

  test('the config refuses a credential in plaintext headers and a header given both ways', () => {
    const plain = { ...baseConfig, appRegions: baseConfig.appRegions.map((a) => ({ ...a, endpoint: { ...a.endpoint, headers: { Authorization: 'Bearer oops' } } })) };
    expect(() => parseConfig(plain)).toThrow(/appRegions\[0\]\.endpoint\.headers\.Authorization: a credential must not sit in plaintext .* move it to secretHeaders/);
    const both = {
      ...baseConfig,
      appRegions: baseConfig.appRegions.map((a) => ({ ...a, endpoint: { ...a.endpoint, headers: { 'x-key': 'a' }, secretHeaders: { 'X-Key': { ssmParameter: '/k' } } } })),
    };
    expect(() => parseConfig(both)).toThrow(/secretHeaders\.X-Key: expected each header once/);
    expect(() => parseConfig(plain)).not.toThrow(/Bearer oops/);
  });
});
