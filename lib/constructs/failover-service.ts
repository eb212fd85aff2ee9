/**
 * Everything one region runs: the checker (if the region checks), the controller, the operator API
 * with the public signal route, the alert topic and the region's alarms. Props come from the config
 * model and the derived topology; the tunables default to values that fit a 1-minute schedule.
 */
import { DrillSchedule } from './drill-schedule';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FailoverConfig } from '../../lambdas/config';
import type { RegionalLayout } from '../topology';
import { FailoverAlarms } from './failover-alarms';
import { FailoverApi } from './failover-api';
import { FailoverFunction, functionName } from './failover-function';
import { handlerEnvironment, type HandlerRole } from './handler-env';
import { ImportedTables } from './imported-tables';
import { METRICS_NAMESPACE } from '../../lambdas/platform/metric-names';
import { acknowledgeEncryptedPublish, grantPutMetricData, grantRoute53Records, grantSecretHeaders } from './permissions';

export interface FailoverServiceProps {
  /** The validated config (`parseConfig`); handlers receive it as FAILOVER_CONFIG. */
  readonly config: FailoverConfig;
  /** This region's place in the deployment (`topology(config).regional[i]`). */
  readonly layout: RegionalLayout;
  /**
   * Hosted zone the controller may change in `dns-update` mode (only `config.dns.recordName`).
   * @default - none: in `health-signal` mode the controller never touches Route 53
   */
  readonly hostedZoneId?: string;
  /**
   * How often the checker and controller are started. Each run loops until shortly before its
   * timeout, so one run covers one period.
   * @default Duration.minutes(1)
   */
  readonly schedule?: Duration;
  /**
   * Checker timeout: the schedule plus slack, so the next run starts while this one drains. The probe
   * loop stops starting rounds once a round (probe timeout + write budget) could not finish a safety
   * margin before the deadline.
   * @default Duration.seconds(70)
   */
  readonly checkerTimeout?: Duration;
  /**
   * Checker memory. Lambda CPU scales with memory; 512 MB gives enough CPU for up to
   * `probe.concurrency` concurrent TLS handshakes without skewing latency measurements.
   * @default 512
   */
  readonly checkerMemoryMb?: number;
  /**
   * Controller timeout. A tick is a few table calls, but in `dns-update` mode a flip waits up to
   * 60 s for Route 53 to report the change INSYNC (`lambdas/failover/route53-flipper.ts`).
   * @default Duration.seconds(70)
   */
  readonly controllerTimeout?: Duration;
  /**
   * Controller memory: small JSON state, but a flip is latency-critical, so not the 128 MB minimum.
   * @default 512
   */
  readonly controllerMemoryMb?: number;
  /**
   * API timeout; API Gateway gives up after 29 s anyway, and every route is a few table reads/writes.
   * @default Duration.seconds(10)
   */
  readonly apiTimeout?: Duration;
  /** Memory of the API and signal functions. @default 256 */
  readonly apiMemoryMb?: number;
  /**
   * Signal timeout. Route 53 counts an answer slower than ~2 s after connecting as a failure anyway;
   * the slack covers a cold start.
   * @default Duration.seconds(5)
   */
  readonly signalTimeout?: Duration;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/** Labels (and so names, see `functionName`) of the functions a region runs. */
export function regionalFunctionLabels(layout: RegionalLayout): readonly string[] {
  return ['controller', 'api', 'signal', ...(layout.checker ? ['checker'] : [])];
}

/** The event history's writers (lambdas/history/dynamodb-event-store.ts): puts, and stale-marking day digests. */
const EVENTS_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Its readers: a Query per day, day digests by BatchGetItem (and their conditional put, a write above). */
const EVENTS_READ = ['dynamodb:Query', 'dynamodb:BatchGetItem'];

export class FailoverServiceError extends Error {
  override readonly name = 'FailoverServiceError';
}

export class FailoverService extends Construct {
  readonly checker?: FailoverFunction;
  readonly controller: FailoverFunction;
  readonly api: FailoverFunction;
  /** Serves only `GET /signal/{region}`, with read-only table access. */
  readonly signal: FailoverFunction;
  readonly restApi: FailoverApi;
  readonly topic: Topic;
  readonly tables: ImportedTables;
  readonly alarms: FailoverAlarms;
  /** Present in the first app region when `drills.schedule.enabled`. */
  readonly drillSchedule?: DrillSchedule;

  constructor(scope: Construct, id: string, props: FailoverServiceProps) {
    super(scope, id);
    const { config, layout } = props;
    const region = Stack.of(this).region;
    if (region !== layout.region) {
      throw new FailoverServiceError(`${this.node.path}: layout is for ${layout.region} but the stack is in ${region}`);
    }
    if (config.dns.flipMode === 'dns-update' && props.hostedZoneId === undefined) {
      throw new FailoverServiceError(`${this.node.path}: dns.flipMode is dns-update, so the controller needs hostedZoneId`);
    }
    const schedule = props.schedule ?? Duration.minutes(1);
    const checkerTimeout = props.checkerTimeout ?? Duration.seconds(70);
    const controllerTimeout = props.controllerTimeout ?? Duration.seconds(70);
    if (checkerTimeout.toSeconds() < schedule.toSeconds()) {
      throw new FailoverServiceError(`${this.node.path}: checkerTimeout (${checkerTimeout.toSeconds()} s) must cover the schedule (${schedule.toSeconds()} s), or part of each period goes unprobed`);
    }

    this.tables = new ImportedTables(this, 'Tables', {
      service: config.service,
      tableRegions: layout.tableRegions,
      withObservationStream: layout.observationStream,
    });
    this.topic = this.alertTopic();

    const env = (role: HandlerRole, extra: { topicArn?: string; hostedZoneId?: string } = {}) =>
      handlerEnvironment({ config, role, region, tableRegion: layout.tableRegion, tableRegions: layout.tableRegions, ...(props.logLevel ? { logLevel: props.logLevel } : {}), ...extra });
    // The API builds the same controller wiring (operator flips), so it reads the zone id too.
    const zone = props.hostedZoneId !== undefined ? { hostedZoneId: props.hostedZoneId } : {};
    const common = { ...(props.logRetention ? { logRetention: props.logRetention } : {}), tracing: config.functions.tracing };
    const reserved = (n: number | null): { reservedConcurrency?: number } => (n === null ? {} : { reservedConcurrency: n });

    // Controller: decides and flips. Reads observations; owns coordination, state and audit; records verdicts and flips (Events).
    this.controller = new FailoverFunction(this, 'Controller', {
      ...common,
      handler: 'controller',
      functionName: functionName(config.service, 'controller'),
      environment: env('controller', { topicArn: this.topic.topicArn, ...zone }),
      memorySizeMb: props.controllerMemoryMb ?? 512,
      timeout: controllerTimeout,
      // An incident is when other functions of the account may be using all of its concurrency.
      ...reserved(config.functions.reservedConcurrency.controller),
    });
    // Every grant covers each replica the function may fail over to (layout.tableRegions).
    this.tables.grantReadData('Observations', this.controller.role);
    for (const table of ['Coordination', 'State', 'Audit'] as const) this.tables.grantReadWriteData(table, this.controller.role);
    // The event history: conditional puts, and marking a day digest stale after a late event (nothing else: keeps the policy small).
    this.tables.grant('Events', this.controller.role, ...EVENTS_WRITE);
    this.topic.grantPublish(this.controller.role);
    acknowledgeEncryptedPublish(this.controller.role);
    grantPutMetricData(this.controller.role, METRICS_NAMESPACE);
    if (config.dns.flipMode === 'dns-update' && props.hostedZoneId !== undefined) {
      grantRoute53Records(this.controller.role, props.hostedZoneId, [config.dns.recordName]);
    }
    this.scheduled('ControllerSchedule', this.controller, schedule);
    // Practice failovers start in one region only: the first app region's controller.
    if (config.drills.schedule.enabled && region === config.appRegions[0]?.region) {
      this.drillSchedule = new DrillSchedule(this, 'DrillSchedule', { service: config.service, controller: this.controller.fn, schedule: config.drills.schedule });
    }
    if (this.tables.observationsWithStream) {
      this.controller.fn.addEventSource(
        new DynamoEventSource(this.tables.observationsWithStream, {
          startingPosition: StartingPosition.LATEST,
          batchSize: 100,
          // The controller re-reads all observations on each run, so a record is only a wake-up call:
          // retry briefly, never block the shard behind an old batch.
          retryAttempts: 2,
          maxRecordAge: Duration.minutes(2),
          bisectBatchOnError: false,
          reportBatchItemFailures: false,
        }),
      );
    }

    // Checker: probes every app region and writes this region's observations.
    if (layout.checker) {
      const checker = new FailoverFunction(this, 'Checker', {
        ...common,
        handler: 'checker',
        functionName: functionName(config.service, 'checker'),
        environment: env('checker'),
        memorySizeMb: props.checkerMemoryMb ?? 512,
        timeout: checkerTimeout,
      });
      this.tables.grantReadWriteData('Observations', checker.role);
      // Its state changes (the first failed probe of an outage) go to the event history.
      this.tables.grant('Events', checker.role, ...EVENTS_WRITE);
      // Secret probe headers: read at checker start, from SSM or Secrets Manager in this region.
      grantSecretHeaders(checker.role, config);
      grantPutMetricData(checker.role, METRICS_NAMESPACE);
      this.scheduled('CheckerSchedule', checker, schedule);
      this.checker = checker;
    }

    // API: operator routes (IAM) — writes intents, pins, locks and audit entries.
    this.api = new FailoverFunction(this, 'Api', {
      ...common,
      handler: 'api',
      functionName: functionName(config.service, 'api'),
      environment: env('api', { topicArn: this.topic.topicArn, ...zone }),
      memorySizeMb: props.apiMemoryMb ?? 256,
      timeout: props.apiTimeout ?? Duration.seconds(10),
    });
    this.tables.grantReadData('Observations', this.api.role);
    for (const table of ['Coordination', 'State', 'Audit'] as const) this.tables.grantReadWriteData(table, this.api.role);
    // Events: records operator flips, and reads GET /report and GET /incidents (day Queries, day digests).
    this.tables.grant('Events', this.api.role, ...EVENTS_WRITE, ...EVENTS_READ);
    this.topic.grantPublish(this.api.role);
    acknowledgeEncryptedPublish(this.api.role);
    if (config.dns.flipMode === 'dns-update' && props.hostedZoneId !== undefined) {
      // An operator failover through the API applies its flip at once, with the same record-scoped
      // permission as the controller (otherwise it would wait for the controller's next run).
      grantRoute53Records(this.api.role, props.hostedZoneId, [config.dns.recordName]);
    }

    // Signal: the same Hono app, but the public route runs under a role that can only read state.
    this.signal = new FailoverFunction(this, 'Signal', {
      ...common,
      handler: 'api',
      functionName: functionName(config.service, 'signal'),
      environment: env('api', zone),
      memorySizeMb: props.apiMemoryMb ?? 256,
      timeout: props.signalTimeout ?? Duration.seconds(5),
      // Route 53's health checkers must get an answer even while the account's concurrency is exhausted.
      ...reserved(config.functions.reservedConcurrency.signal),
    });
    // signalFor() reads only the routing state.
    this.tables.grantReadData('State', this.signal.role);

    this.restApi = new FailoverApi(this, 'RestApi', {
      apiFunction: this.api.fn,
      signalFunction: this.signal.fn,
      restApiName: `${config.service}-${region}`,
    });

    this.alarms = new FailoverAlarms(this, 'Alarms', {
      service: config.service,
      region,
      topic: this.topic,
      checker: layout.checker,
      functions: { controller: this.controller.fn, api: this.api.fn, signal: this.signal.fn, ...(this.checker ? { checker: this.checker.fn } : {}) },
    });
  }

  /** An EventBridge rule starting `fn` every period. */
  private scheduled(id: string, fn: FailoverFunction, every: Duration): Rule {
    // A failed or late run is not retried: the next scheduled run starts a fresh loop anyway, and a
    // retry would only overlap it.
    fn.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: every });
    return new Rule(this, id, {
      schedule: Schedule.rate(every),
      description: `Start the ${fn.node.id.toLowerCase()} every ${every.toHumanString()}`,
      targets: [new LambdaFunction(fn.fn, { event: RuleTargetInput.fromObject({ source: 'schedule' }), retryAttempts: 0 })],
    });
  }

  /**
   * Alerts and flip notifications. Encrypted with a customer managed key: CloudWatch alarms cannot
   * publish to a topic encrypted with the AWS managed SNS key.
   */
  private alertTopic(): Topic {
    const key = new Key(this, 'AlertKey', {
      enableKeyRotation: true,
      description: 'region-failover alert topic encryption',
      // Encrypts only in-flight notifications: nothing to decrypt once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    const topic = new Topic(this, 'Alerts', { masterKey: key, enforceSSL: true, displayName: 'region-failover alerts' });
    // enforceSSL replaces the default topic policy, so alarm actions need an explicit allow.
    topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return topic;
  }
}
