/** The API Lambda handler: API Gateway (REST) events in, the Hono app's answers out. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
// The handler reads its environment on the first invocation, so importing it first is fine.
import { apiHandler as handler } from '../../lambdas/handlers/api';

const config = JSON.parse(readFileSync(join(__dirname, '..', '..', 'failover.config.json'), 'utf8')) as unknown;

function event(method: string, path: string, body?: string): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: { path: `/v1${path}`, stage: 'v1', httpMethod: method, requestId: 'req-1', identity: { userArn: 'arn:aws:iam::123456789012:user/ops' } } as APIGatewayProxyEvent['requestContext'],
  };
}

describe('handlers/api', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      FAILOVER_CONFIG: JSON.stringify(config),
      FAILOVER_REGION: 'us-east-1',
      TABLE_REGION: 'us-east-1',
      COORDINATION_TABLE: 'shop-api-coordination',
      OBSERVATIONS_TABLE: 'shop-api-observations',
      STATE_TABLE: 'shop-api-state',
      AUDIT_TABLE: 'shop-api-audit',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  async function invoke(e: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    // Hono types REST events its own way (no nulls); the runtime accepts what API Gateway sends.
    return (await handler(e as unknown as Parameters<typeof handler>[0], { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as Context)) as APIGatewayProxyResult;
  }

  test('serves the contract and the status page without touching AWS', async () => {
    const doc = await invoke(event('GET', '/openapi.json'));
    expect(doc.statusCode).toBe(200);
    expect(JSON.parse(doc.body)).toMatchObject({ openapi: '3.1.0', components: { securitySchemes: { sigv4: expect.any(Object) } } });
    const page = await invoke(event('GET', '/'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>region-failover status</title>');
  });

  test('validates input and trusts IAM (no bearer token needed behind API Gateway)', async () => {
    const res = await invoke(event('POST', '/failover', JSON.stringify({ to: 'eu-west-3', reason: 'drill' })));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(/body\.to: expected one of the app regions/) });
    expect((await invoke(event('GET', '/nope'))).statusCode).toBe(404);
    expect((await invoke(event('POST', '/demo/us-east-1/down'))).statusCode).toBe(404);
  });
});
