/** The checker's environment: config as JSON or file, names from the stacks' list, all problems at once. */
import { resolve } from 'node:path';
import { EnvironmentError, loadConfigFromEnv, readDeployment, readTableNames } from '../../lambdas/platform/environment';
import { ConfigError } from '../../lambdas/config';

const CONFIG_FILE = resolve(__dirname, '../../failover.config.json');
const base = { FAILOVER_CONFIG: CONFIG_FILE, CHECKER_REGION: 'eu-west-1', TABLE_REGION: 'us-east-1', OBSERVATIONS_TABLE: 'shop-api-observations' };

describe('the checker deployment', () => {
  it('reads a config file path, the checker region, the table region and the table name', () => {
    const env = readDeployment('checker', base);
    expect(env).toMatchObject({ checkerRegion: 'eu-west-1', tableRegion: 'us-east-1', tables: { observations: 'shop-api-observations' } });
    expect(env.config.service).toBe('shop-api');
  });

  it('reads the config as a JSON document, as the stacks pass it', () => {
    const json = JSON.stringify(loadConfigFromEnv({ FAILOVER_CONFIG: CONFIG_FILE }));
    expect(readDeployment('checker', { ...base, FAILOVER_CONFIG: json }).config.appRegions).toHaveLength(2);
  });

  it('reads the ordered replica list from TABLE_REGIONS; without it the one TABLE_REGION is the list', () => {
    const env = readDeployment('checker', { ...base, TABLE_REGION: undefined, TABLE_REGIONS: 'us-east-2, us-east-1,us-west-2' });
    expect(env).toMatchObject({ tableRegion: 'us-east-2', tableRegions: ['us-east-2', 'us-east-1', 'us-west-2'] });
    expect(readDeployment('checker', base).tableRegions).toEqual(['us-east-1']);
  });

  it('refuses a replica list that is not region names, repeats one, or disagrees with TABLE_REGION', () => {
    expect(() => readDeployment('checker', { ...base, TABLE_REGIONS: 'us-east-1,nowhere' })).toThrow(/TABLE_REGIONS must list region names/);
    expect(() => readDeployment('checker', { ...base, TABLE_REGIONS: 'us-east-1,us-east-1' })).toThrow(/TABLE_REGIONS lists a region twice/);
    expect(() => readDeployment('checker', { ...base, TABLE_REGIONS: 'us-west-2,us-east-1' })).toThrow(/TABLE_REGION us-east-1 is not the first of TABLE_REGIONS/);
  });

  it('falls back to AWS_REGION for the table region', () => {
    expect(readDeployment('checker', { ...base, TABLE_REGION: undefined, AWS_REGION: 'us-west-2' }).tableRegion).toBe('us-west-2');
  });

  it('reports every problem at once', () => {
    const error = (() => {
      try {
        readDeployment('checker', { FAILOVER_CONFIG: CONFIG_FILE, CHECKER_REGION: 'ap-south-1' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EnvironmentError);
    const { problems } = error as EnvironmentError;
    expect(problems).toEqual([
      expect.stringContaining("CHECKER_REGION ap-south-1 is not one of the config's checkerRegions (us-east-1, us-west-2, eu-west-1)"),
      expect.stringContaining('TABLE_REGION (or AWS_REGION) is not set'),
      expect.stringContaining('OBSERVATIONS_TABLE is not set'),
    ]);
  });

  it('passes config problems through with their paths', () => {
    expect(() => readDeployment('checker', { ...base, FAILOVER_CONFIG: '{"service": "x"' })).toThrow(/FAILOVER_CONFIG has 1 problem:\n.*invalid JSON/);
    expect(() => loadConfigFromEnv({ FAILOVER_CONFIG: '{"service": "x"' })).toThrow(ConfigError);
    expect(() => loadConfigFromEnv({})).toThrow(/FAILOVER_CONFIG is not set/);
    expect(() => readDeployment('checker', { ...base, FAILOVER_CONFIG: '{"service":"shop-api"}' })).toThrow(/appRegions: expected array/);
  });
});

describe('readTableNames', () => {
  it('reads the requested table names and names every missing variable', () => {
    expect(readTableNames({ STATE_TABLE: 's', AUDIT_TABLE: 'a' }, ['state', 'audit'])).toEqual({ state: 's', audit: 'a' });
    expect(() => readTableNames({ STATE_TABLE: ' ' }, ['coordination', 'state'])).toThrow(/COORDINATION_TABLE is not set[\s\S]*STATE_TABLE is not set/);
  });
});

describe('one rule for every role', () => {
  it('reads the controller and API config from a file path as well as from JSON, with the same names', () => {
    const tables = { COORDINATION_TABLE: 'c', OBSERVATIONS_TABLE: 'o', STATE_TABLE: 's', AUDIT_TABLE: 'a' };
    const fromFile = readDeployment('controller', { FAILOVER_CONFIG: CONFIG_FILE, FAILOVER_REGION: 'us-west-2', ...tables });
    const fromJson = readDeployment('api', { FAILOVER_CONFIG: JSON.stringify(fromFile.config), AWS_REGION: 'us-west-2', ...tables });
    expect(fromJson.config).toEqual(fromFile.config);
    expect(fromJson).toMatchObject({ region: 'us-west-2', tableRegion: 'us-west-2', tables: { coordination: 'c', observations: 'o', state: 's', audit: 'a' } });
  });

  it('names the missing region of a controller together with every other problem', () => {
    expect(() => readDeployment('controller', { FAILOVER_CONFIG: CONFIG_FILE })).toThrow(/FAILOVER_REGION \(or AWS_REGION\) is not set[\s\S]*COORDINATION_TABLE is not set/);
  });
});
