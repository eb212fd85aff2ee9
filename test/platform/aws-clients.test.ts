import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type Server, type Socket } from 'node:net';
import { createAwsClients, endpointFor } from '../../lambdas/platform/aws-clients';

describe('endpointFor', () => {
  it('prefers the service variable, then the one-endpoint variable, else real AWS', () => {
    const env = { AWS_ENDPOINT_URL: 'http://localstack:4566', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' };
    expect(endpointFor('DYNAMODB', env)).toBe('http://127.0.0.1:8000');
    expect(endpointFor('ROUTE_53', env)).toBe('http://localstack:4566');
    expect(endpointFor('SNS', {})).toBeUndefined();
    expect(endpointFor('SNS', { AWS_ENDPOINT_URL_SNS: '' })).toBeUndefined();
  });
});

describe('createAwsClients', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let port = 0;

  beforeAll(async () => {
    // Accepts connections and never answers: a hung endpoint.
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a hung endpoint after the request timeout instead of blocking', async () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };
    const clients = createAwsClients({ region: 'us-east-1', env, maxAttempts: 1, requestTimeoutMs: 300 });
    const started = performance.now();
    await expect(clients.dynamodb.send(new ListTablesCommand({}))).rejects.toThrow(/timeout|timed out/i);
    // A deadline guarantee, not a speed test: 300 ms timeout plus generous slack for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5000);
    clients.destroy();
  });

  it('builds only the clients that are used', () => {
    const clients = createAwsClients({ region: 'eu-west-1', env: {} });
    expect(clients.dynamodb).toBe(clients.dynamodb);
    expect(clients.route53.config.region).toBeDefined();
    clients.destroy();
  });
});
