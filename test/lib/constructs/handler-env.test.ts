import { parseConfig } from '../../../lambdas/config';
import { ENV, HandlerEnvError, LAMBDA_ENV_LIMIT_BYTES, handlerEnvironment } from '../../../lib/constructs/handler-env';
import { example } from '../support/apps';

describe('handlerEnvironment', () => {
  const base = { config: example, region: 'eu-west-1', tableRegion: 'us-east-1' } as const;

  it('gives the checker its region and the tables, and no topic or zone', () => {
    const env = handlerEnvironment({ ...base, role: 'checker' });
    expect(env).toMatchObject({
      [ENV.checkerRegion]: 'eu-west-1',
      [ENV.deployRegion]: 'eu-west-1',
      [ENV.tableRegion]: 'us-east-1',
      [ENV.coordinationTable]: 'shop-api-coordination',
      [ENV.observationsTable]: 'shop-api-observations',
      [ENV.stateTable]: 'shop-api-state',
      [ENV.auditTable]: 'shop-api-audit',
    });
    expect(env[ENV.topicArn]).toBeUndefined();
    expect(env[ENV.hostedZoneId]).toBeUndefined();
    expect(parseConfig(JSON.parse(env[ENV.config] ?? ''))).toEqual(example);
  });

  it('passes the ordered replica list, which must start with the table region', () => {
    expect(handlerEnvironment({ ...base, role: 'api', tableRegions: ['us-east-1', 'us-west-2'] })[ENV.tableRegions]).toBe('us-east-1,us-west-2');
    expect(handlerEnvironment({ ...base, role: 'api' })[ENV.tableRegions]).toBe('us-east-1');
    expect(() => handlerEnvironment({ ...base, role: 'api', tableRegions: ['us-west-2', 'us-east-1'] })).toThrow(/must start with tableRegion us-east-1/);
  });

  it('sets the topic and zone only when given, and CHECKER_REGION only on the checker', () => {
    const env = handlerEnvironment({ ...base, role: 'controller', topicArn: 'arn:aws:sns:eu-west-1:1:t', hostedZoneId: 'Z1' });
    expect(env[ENV.topicArn]).toBe('arn:aws:sns:eu-west-1:1:t');
    expect(env[ENV.hostedZoneId]).toBe('Z1');
    expect(env[ENV.checkerRegion]).toBeUndefined();
  });

  it('refuses a config that would overflow Lambda’s 4 KB environment, saying what to shorten', () => {
    const headers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-header-${i}`, 'v'.repeat(40)]));
    const big = parseConfig({ ...example, appRegions: example.appRegions.map((r) => ({ ...r, endpoint: { ...r.endpoint, headers } })) });
    expect(() => handlerEnvironment({ ...base, config: big, role: 'api' })).toThrow(HandlerEnvError);
    expect(() => handlerEnvironment({ ...base, config: big, role: 'api' })).toThrow(new RegExp(`above Lambda's ${LAMBDA_ENV_LIMIT_BYTES}-byte limit.*FAILOVER_CONFIG`));
  });
});
