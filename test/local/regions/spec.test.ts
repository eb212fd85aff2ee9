/** What each simulated region runs and with which endpoints: its own replicas, probes and API. */
import { processSpecs } from '../../../local/regions/spec';
import { tableNames } from '../../../lambdas/platform/tables';
import { example } from '../../lib/support/apps';

const endpoints = {
  replicas: { 'us-east-1': 'http://127.0.0.1:7001', 'us-east-2': 'http://127.0.0.1:7002', 'us-west-2': 'http://127.0.0.1:7003' },
  route53: 'http://127.0.0.1:7100',
  moto: 'http://127.0.0.1:7200',
  demoPorts: { 'us-east-1': 8001, 'us-west-2': 8002 },
  probePorts: {
    'us-east-1': { 'us-east-1': 9011, 'us-west-2': 9012 },
    'us-west-2': { 'us-east-1': 9021, 'us-west-2': 9022 },
    'eu-west-1': { 'us-east-1': 9031, 'us-west-2': 9032 },
  },
  apiPorts: { 'us-east-1': 6001, 'us-west-2': 6002, 'eu-west-1': 6003 },
};
const specs = processSpecs(example, endpoints, { tables: tableNames('shop-api'), hostedZoneId: 'Z1', token: 't', controllerEveryMs: 1000, demo: { slowMs: 1750, flapPeriodMs: 20_000 } });

describe('processSpecs for the example', () => {
  it('runs a checker, a controller and an API in each regional-stack region', () => {
    expect(specs.map((s) => s.name)).toEqual([
      'checker@us-east-1',
      'controller@us-east-1',
      'api@us-east-1',
      'checker@us-west-2',
      'controller@us-west-2',
      'api@us-west-2',
      'checker@eu-west-1',
      'controller@eu-west-1',
      'api@eu-west-1',
    ]);
  });

  it('gives each region its ordered replicas, every replica its own endpoint, and Route 53 through the control-plane proxy', () => {
    const eu = specs.find((s) => s.name === 'controller@eu-west-1')?.env ?? {};
    expect(eu).toMatchObject({
      TABLE_REGIONS: 'us-east-2,us-east-1,us-west-2',
      AWS_ENDPOINT_URL_DYNAMODB_US_EAST_1: 'http://127.0.0.1:7001',
      AWS_ENDPOINT_URL_DYNAMODB_US_EAST_2: 'http://127.0.0.1:7002',
      AWS_ENDPOINT_URL_DYNAMODB_US_WEST_2: 'http://127.0.0.1:7003',
      AWS_ENDPOINT_URL_ROUTE_53: 'http://127.0.0.1:7100',
      FAILOVER_REGION: 'eu-west-1',
    });
    expect(eu).not.toHaveProperty('AWS_ENDPOINT_URL_DYNAMODB');
  });

  it('points each checker at its own probe proxies, so one checker can be partitioned from one target', () => {
    const config = JSON.parse(specs.find((s) => s.name === 'checker@eu-west-1')?.env.FAILOVER_CONFIG ?? '{}') as typeof example;
    expect(config.appRegions.map((a) => [a.region, a.endpoint.host, a.endpoint.port])).toEqual([
      ['us-east-1', '127.0.0.1', 9031],
      ['us-west-2', '127.0.0.1', 9032],
    ]);
  });

  it('serves the demo backend of an app region from that region’s API process only', () => {
    expect(specs.find((s) => s.name === 'api@us-west-2')?.env).toMatchObject({ LOCAL_DEMO_PORT: '8002', LOCAL_API_PORT: '6002' });
    expect(specs.find((s) => s.name === 'api@eu-west-1')?.env).not.toHaveProperty('LOCAL_DEMO_PORT');
  });
});
