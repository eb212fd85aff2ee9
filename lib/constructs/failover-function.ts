/**
 * One handler as a Lambda function: esbuild bundle (shared options), ARM64, pinned runtime, its own
 * log group with retention, and a role that starts empty — no managed policies, every permission is
 * granted explicitly by the caller.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_RUNTIME, handlerEntry, nodejsBundling, type HandlerName } from './bundling';

/**
 * Deterministic function names (`<service>-<label>`, unique per region), so the dashboard in another
 * region can graph them without cross-region references.
 */
export function functionName(service: string, label: string): string {
  return `${service}-${label}`;
}

export interface FailoverFunctionProps {
  readonly handler: HandlerName;
  /** Physical name; see `functionName`. */
  readonly functionName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly memorySizeMb: number;
  readonly timeout: Duration;
  /**
   * How long logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Concurrent executions held back for this function alone.
   * @default - none reserved
   */
  readonly reservedConcurrency?: number;
  /**
   * Active X-Ray tracing, with Powertools Tracer bundled in.
   * @default false
   */
  readonly tracing?: boolean;
}

export class FailoverFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FailoverFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      // Logs are operational, not the audit trail (that is the Audit table): drop them with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.handler} Lambda: only the permissions granted explicitly`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handler),
      functionName: props.functionName,
      // Each handler module exports `<name>Handler` (one meaning per exported name).
      handler: `${props.handler}Handler`,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySizeMb,
      timeout: props.timeout,
      environment: { ...props.environment },
      bundling: nodejsBundling({ tracing: props.tracing ?? false }),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      ...(props.tracing ? { tracing: Tracing.ACTIVE } : {}),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      description: `region-failover ${props.handler}`,
    });
    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
      });
    }
  }
}
