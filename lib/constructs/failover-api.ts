/**
 * The regional REST API in front of the Hono app (`lambdas/handlers/api.ts`). Every route uses IAM
 * (SigV4) authorization except `GET /signal/{region}`: Route 53 health checkers cannot sign requests,
 * so that one route is public, read-only (served by a separate function whose role can only read) and
 * throttled.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, AuthorizationType, EndpointType, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel, RestApi, type IResource } from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Stage name; part of every URL (`/v1/signal/{region}`). */
export const API_STAGE = 'v1';

/** The signal route, as Route 53 health checks request it (stage included). */
export function apiSignalPath(region: string): string {
  return `/${API_STAGE}/signal/${region}`;
}

/** The IAM-authorized routes of the Hono app: [path, methods]. Keep in step with the handler. */
export const IAM_ROUTES: readonly (readonly [string, readonly string[]])[] = [
  ['/', ['GET']],
  ['/openapi.json', ['GET']],
  ['/status', ['GET']],
  ['/history', ['GET']],
  ['/routes/{key}', ['GET']],
  ['/failover', ['POST']],
  ['/failback', ['POST']],
  ['/pin', ['PUT', 'DELETE']],
  ['/locks/{name}', ['GET', 'POST', 'PUT', 'DELETE']],
];

export interface FailoverApiProps {
  /** Serves the IAM-authorized routes. */
  readonly apiFunction: IFunction;
  /** Serves the public signal route; should hold read-only permissions. */
  readonly signalFunction: IFunction;
  readonly restApiName: string;
  /**
   * Steady-state requests per second allowed on the signal route. Route 53 probes it from ~15
   * locations every 10–30 s per health check, i.e. well under 5 rps for a handful of checks.
   * @default 20
   */
  readonly signalRateLimit?: number;
  /** @default 40 */
  readonly signalBurstLimit?: number;
  /**
   * Requests per second for the whole stage (operators and tooling).
   * @default 50
   */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly accessLogRetention?: RetentionDays;
}

export class FailoverApi extends Construct {
  readonly api: RestApi;

  constructor(scope: Construct, id: string, props: FailoverApiProps) {
    super(scope, id);
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: props.restApiName,
      description: 'region-failover operator API and Route 53 signal endpoint',
      endpointTypes: [EndpointType.REGIONAL],
      // Stage execution logging needs the account-level API Gateway → CloudWatch Logs role.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      deployOptions: {
        stageName: API_STAGE,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        throttlingRateLimit: props.rateLimit ?? 50,
        throttlingBurstLimit: props.burstLimit ?? 100,
        methodOptions: {
          '/signal/{region}/GET': {
            throttlingRateLimit: props.signalRateLimit ?? 20,
            throttlingBurstLimit: props.signalBurstLimit ?? 40,
          },
        },
      },
    });
    const validator = this.api.addRequestValidator('Validator', { validateRequestParameters: true, validateRequestBody: true });
    // One permission for the whole API instead of one per method (the same function serves them all).
    const apiIntegration = new LambdaIntegration(props.apiFunction, { scopePermissionToMethod: false });
    const signalIntegration = new LambdaIntegration(props.signalFunction, { scopePermissionToMethod: false });

    for (const [path, methods] of IAM_ROUTES) {
      const resource = this.resourceAt(path);
      const params = pathParameters(path);
      for (const method of methods) {
        resource.addMethod(method, apiIntegration, {
          authorizationType: AuthorizationType.IAM,
          requestValidator: validator,
          requestParameters: params,
        });
      }
    }
    const signal = this.resourceAt('/signal/{region}').addMethod('GET', signalIntegration, {
      authorizationType: AuthorizationType.NONE,
      requestValidator: validator,
      requestParameters: { 'method.request.path.region': true },
    });
    Validations.of(signal).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Route 53 health checkers cannot sign requests; the signal route is read-only, returns only 200/503 for one region, and is throttled per method',
    });
    Validations.of(this.api).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level API Gateway logging role must be able to create and write any API’s execution log groups; this AWS managed policy is the documented scope for that role',
      },
      {
        id: 'AwsSolutions-COG4',
        reason: 'Callers are operators and automation with AWS credentials: every route except the public signal route uses IAM (SigV4) authorization instead of a Cognito user pool',
      },
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'Abuse is bounded by stage and per-method throttling; the only unauthenticated route is a cheap read that Route 53 must reach from its own checker IPs, so a WAF ACL adds cost without narrowing access',
      },
    );
  }

  /** Creates (or reuses) the resource at a path such as `/locks/{name}`. */
  private resourceAt(path: string): IResource {
    return path
      .split('/')
      .filter((part) => part !== '')
      .reduce<IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), this.api.root);
  }
}

function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries([...path.matchAll(/\{([^}+]+)\}/g)].map((m) => [`method.request.path.${m[1]}`, true]));
}
