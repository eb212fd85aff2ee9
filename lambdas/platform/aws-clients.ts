/**
 * Every AWS SDK client is built here, once, from configuration. Endpoints come from the standard
 * variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_ROUTE_53`,
 * `AWS_ENDPOINT_URL_CLOUDWATCH`, `AWS_ENDPOINT_URL_SNS`, `AWS_ENDPOINT_URL_SSM`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`), so the same code runs against real AWS
 * (no variable set), LocalStack (one endpoint) or DynamoDB Local + moto (one per service). A table
 * replica may have its own endpoint (`AWS_ENDPOINT_URL_DYNAMODB_US_EAST_1`, …): local mode gives each
 * simulated region's replica its own proxy.
 *
 * With `tableRegions` (an ordered replica list, see lambdas/platform/topology), `dynamodb` and
 * `documents` fail over between the replicas (replica-failover.ts); without, they use `region`.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Agent } from 'node:http';
import { failoverClient, giveUpOnDeadConnections, ReplicaHealth, type FailoverEvent, type ReplicaSet } from './replica-failover';
import { Agent as HttpsAgent } from 'node:https';

export type ServiceId = 'DYNAMODB' | 'ROUTE_53' | 'CLOUDWATCH' | 'SNS' | 'SSM' | 'SECRETS_MANAGER';

export interface ClientOptions {
  /** Region the clients talk to. Route 53 is global and always signs for us-east-1. */
  readonly region: string;
  /** Environment to read endpoint variables from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** SDK retry attempts. @default 3 */
  readonly maxAttempts?: number;
  /** Socket timeouts; a hung connection must never block a run. @default 3000 */
  readonly requestTimeoutMs?: number;
  /**
   * Table replicas to fail over between, in the order to try them (TABLE_REGIONS). With more than
   * one, connecting to a replica times out after `min(requestTimeoutMs, 1000)`: cross-region connects
   * take well under that, and a dead replica should cost little before the next is tried.
   * @default [region]
   */
  readonly tableRegions?: readonly string[];
  /** Replica failover tuning. */
  readonly failover?: {
    /** @default 10000 */
    readonly cooldownMs?: number;
    /** No further replica is started once a call has run this long. @default 2 × requestTimeoutMs */
    readonly budgetMs?: number;
    readonly onFailover?: (event: FailoverEvent) => void;
  };
}

export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly route53: Route53Client;
  readonly cloudwatch: CloudWatchClient;
  readonly sns: SNSClient;
  /** Checker start only: secret probe headers in SSM SecureString parameters. */
  readonly ssm: SSMClient;
  /** Checker start only: secret probe headers in Secrets Manager. */
  readonly secretsManager: SecretsManagerClient;
  destroy(): void;
}

/** `us-east-1` → `US_EAST_1`, the suffix of a per-region endpoint variable. */
function regionKey(region: string): string {
  return region.toUpperCase().replace(/-/g, '_');
}

/**
 * Per-region variable (`AWS_ENDPOINT_URL_DYNAMODB_US_EAST_1`) when a region is given, then the
 * service-specific variable, then the one-endpoint variable (LocalStack), else AWS itself.
 */
export function endpointFor(service: ServiceId, env: NodeJS.ProcessEnv = process.env, region?: string): string | undefined {
  const perRegion = region !== undefined ? env[`AWS_ENDPOINT_URL_${service}_${regionKey(region)}`] : undefined;
  if (perRegion !== undefined && perRegion !== '') return perRegion;
  const value = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Static credentials when the given environment carries them (emulators take any); otherwise the
 * SDK's default provider chain (Lambda role, profiles, SSO) decides.
 */
function credentialsFrom(env: NodeJS.ProcessEnv): { credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } } {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return {};
  return { credentials: { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } };
}

interface Lazy<T> {
  get(): T;
  ifCreated(use: (value: T) => void): void;
}

function lazy<T>(make: () => T): Lazy<T> {
  let value: T | undefined;
  return {
    get: () => (value ??= make()),
    ifCreated: (use) => {
      if (value !== undefined) use(value);
    },
  };
}

type ClientConfig = ReturnType<typeof clientConfig>;

/** What every client shares: retries, credentials and the socket rules. */
function clientConfig(options: ClientOptions, env: NodeJS.ProcessEnv) {
  const requestTimeout = options.requestTimeoutMs ?? 3000;
  // Keep-alive sockets: the lock and flip paths are a handful of round trips each; a new TLS
  // handshake per call would double their latency. Given as options (not a handler instance), so
  // each client builds the SDK's own handler and we bundle no copy of it.
  const requestHandler = {
    connectionTimeout: requestTimeout,
    requestTimeout,
    // Since @smithy/node-http-handler 4.x a breached requestTimeout only logs a warning unless this
    // is set, and the idle-socket deadline is `socketTimeout`: without both, a hung endpoint blocks
    // a Lambda run until its own timeout (test/platform/aws-clients.test.ts).
    throwOnRequestTimeout: true,
    socketTimeout: requestTimeout,
    httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };
  return { maxAttempts: options.maxAttempts ?? 3, requestHandler, ...credentialsFrom(env) };
}

/** The replicas to fail over between, when there are more than one. */
function replicaSetOf(options: ClientOptions, tableRegions: readonly string[] | undefined, requestTimeout: number): ReplicaSet | undefined {
  if (tableRegions === undefined || tableRegions.length < 2) return undefined;
  return {
    regions: tableRegions,
    health: new ReplicaHealth(tableRegions.length, { ...(options.failover?.cooldownMs !== undefined ? { cooldownMs: options.failover.cooldownMs } : {}) }),
    budgetMs: options.failover?.budgetMs ?? 2 * requestTimeout,
    now: () => performance.now(),
    ...(options.failover?.onFailover ? { onFailover: options.failover.onFailover } : {}),
  };
}

// Each client (and its SDK package) is loaded on first use: a checker never pays the module
// init of Route 53, CloudWatch or SNS, which dominates a Lambda cold start.
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */

/** The DynamoDB clients: one low-level client per replica (or the one of `region`), and what fails over between them. */
function tableClients(options: ClientOptions, env: NodeJS.ProcessEnv, common: ClientConfig) {
  const tableRegions = options.tableRegions !== undefined && options.tableRegions.length > 0 ? options.tableRegions : undefined;
  const requestTimeout = common.requestHandler.requestTimeout;
  const replicaSet = replicaSetOf(options, tableRegions, requestTimeout);
  const replicaClients = lazy((): DynamoDBClient[] => {
    const { DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
    if (replicaSet === undefined) {
      const region = tableRegions?.[0] ?? options.region;
      return [new DynamoDBClient({ ...common, region, endpoint: endpointFor('DYNAMODB', env, region) })];
    }
    const handler = { ...common.requestHandler, connectionTimeout: Math.min(requestTimeout, 1000) };
    return replicaSet.regions.map((region) => {
      const client = new DynamoDBClient({ ...common, requestHandler: handler, region, endpoint: endpointFor('DYNAMODB', env, region) });
      giveUpOnDeadConnections(client, region);
      return client;
    });
  });
  const dynamodb = lazy((): DynamoDBClient => {
    const clients = replicaClients.get();
    return replicaSet ? failoverClient(clients, replicaSet) : (clients[0] as DynamoDBClient);
  });
  const documents = lazy((): DynamoDBDocumentClient => {
    const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');
    const translate = { marshallOptions: { removeUndefinedValues: true } };
    const clients = replicaClients.get().map((client) => DynamoDBDocumentClient.from(client, translate));
    return replicaSet ? failoverClient(clients, replicaSet) : (clients[0] as DynamoDBDocumentClient);
  });
  return { replicaClients, dynamodb, documents };
}

/** The other services' clients, each of its own region's endpoint (Route 53 is global: us-east-1). */
function serviceClients(options: ClientOptions, env: NodeJS.ProcessEnv, common: ClientConfig) {
  const { region } = options;
  return {
    route53: lazy((): Route53Client => {
      const { Route53Client } = require('@aws-sdk/client-route-53') as typeof import('@aws-sdk/client-route-53');
      return new Route53Client({ ...common, region: 'us-east-1', endpoint: endpointFor('ROUTE_53', env) });
    }),
    cloudwatch: lazy((): CloudWatchClient => {
      const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
      return new CloudWatchClient({ ...common, region, endpoint: endpointFor('CLOUDWATCH', env) });
    }),
    sns: lazy((): SNSClient => {
      const { SNSClient } = require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');
      return new SNSClient({ ...common, region, endpoint: endpointFor('SNS', env) });
    }),
    ssm: lazy((): SSMClient => {
      const { SSMClient } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
      return new SSMClient({ ...common, region, endpoint: endpointFor('SSM', env) });
    }),
    secretsManager: lazy((): SecretsManagerClient => {
      const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
      return new SecretsManagerClient({ ...common, region, endpoint: endpointFor('SECRETS_MANAGER', env) });
    }),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** An object whose properties build their values on first read (and keep them). */
function lazyProperties<T extends object>(lazies: { readonly [K in keyof T]: Lazy<T[K]> }): T {
  const properties = {};
  for (const [key, value] of Object.entries<Lazy<unknown>>(lazies)) Object.defineProperty(properties, key, { get: () => value.get(), enumerable: true, configurable: true });
  return properties as T;
}

export function createAwsClients(options: ClientOptions): AwsClients {
  const env = options.env ?? process.env;
  const common = clientConfig(options, env);
  const { replicaClients, dynamodb, documents } = tableClients(options, env, common);
  const { route53, cloudwatch, sns, ssm, secretsManager } = serviceClients(options, env, common);
  return Object.assign(lazyProperties<Omit<AwsClients, 'destroy'>>({ dynamodb, documents, route53, cloudwatch, sns, ssm, secretsManager }), {
    destroy() {
      // The document clients only wrap the replica clients; destroying those releases the sockets.
      replicaClients.ifCreated((clients) => clients.forEach((c) => c.destroy()));
      for (const client of [route53, cloudwatch, sns, ssm, secretsManager]) client.ifCreated((c) => c.destroy());
    },
  });
}
