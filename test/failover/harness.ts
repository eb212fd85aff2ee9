/**
 * Builds controllers against DynamoDB Local / moto for integration tests: fresh tables per
 * scenario, a manual wall clock, leadership by decree (so tests can create a deposed leader), a
 * recording notifier, and observations written through the real observation store.
 */
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../lambdas/platform/aws-clients';
import { DynamoDbObservationStore } from '../../lambdas/health/dynamodb-observation-store';
import type { FailoverConfig } from '../../lambdas/config';
import type { Deployment } from '../../lambdas/platform/environment';
import { buildController } from '../../lambdas/wiring';
import { RecordingMetrics } from '../../lambdas/failover/metrics';
import type { FailoverController } from '../../lambdas/failover/controller';
import { buildObservation, type HealthStatus } from '../../lambdas/health/rules';
import type { DnsFlipper } from '../../lambdas/failover/dns-flipper';
import { DecreedLeadership, RecordingNotifier, TestClock } from './support/doubles';
import type { RouteTableStore } from '../../lambdas/keyrouting/route-table-store';
import { provisionHostedZone, provisionTable } from '../../local/provision';
import { auditTable, observationsTable, stateTable, tableName, tableNames } from '../../lambdas/platform/tables';
import type { EmulatorContext } from '../support/emulators';

export const CHECKERS = ['us-east-1', 'us-west-2', 'eu-west-1'] as const;

export { DecreedLeadership, RecordingNotifier, TestClock } from './support/doubles';

let serviceCounter = 0;

export interface Scenario {
  readonly env: Deployment;
  readonly clock: TestClock;
  readonly observations: DynamoDbObservationStore;
  readonly zoneId: string;
  /** Writes one observation per checker region for the target, all with `state` since `since`. */
  observe(target: string, state: HealthStatus, options?: { checkers?: readonly string[]; since?: number }): Promise<void>;
  controller(options?: {
    term?: number | undefined;
    documents?: DynamoDBDocumentClient;
    flipper?: DnsFlipper;
    clients?: AwsClients;
    newId?: () => string;
    /** @default the route table in the scenario's State table */
    routeTables?: RouteTableStore;
  }): {
    service: FailoverController;
    leadership: DecreedLeadership;
    metrics: RecordingMetrics;
    notifier: RecordingNotifier;
  };
}

/** Fresh tables (a new service name) and, for dns-update, a hosted zone; config from `makeConfig(service)`. */
export async function scenario(ctx: EmulatorContext, makeConfig: (service: string) => FailoverConfig): Promise<Scenario> {
  serviceCounter += 1;
  const service = `ctl-${process.pid % 1000}-${serviceCounter}`;
  const config = makeConfig(service);
  // Only the tables the controller touches (leadership is decreed here, not elected).
  await Promise.all([observationsTable, stateTable, auditTable].map((t) => provisionTable(ctx.clients.dynamodb, tableName(service, t), t)));
  const tables = tableNames(service);
  const zoneId = await provisionHostedZone(ctx.clients.route53, config.dns.hostedZoneName);
  const topic = await ctx.clients.sns.send(new CreateTopicCommand({ Name: `${service}-flips` }));
  const env: Deployment = { config, region: 'us-east-1', tableRegion: 'us-east-1', tables, hostedZoneId: zoneId, ...(topic.TopicArn ? { topicArn: topic.TopicArn } : {}) };
  const clock = new TestClock();
  const observations = new DynamoDbObservationStore({ documents: ctx.clients.documents, tableName: tables.observations });
  let seq = 0;
  return {
    env,
    clock,
    observations,
    zoneId,
    async observe(target, state, options = {}) {
      seq += 1;
      const checkers = options.checkers ?? CHECKERS;
      await Promise.all(
        checkers.map((checker) =>
          observations.put(
            buildObservation({
              target,
              checker,
              health: { state, consecutiveFailures: state === 'DOWN' ? 3 : 0, consecutiveSuccesses: state === 'UP' ? 3 : 0, stateSince: options.since ?? clock.wallMs() },
              recent: [],
              observedAt: clock.wallMs(),
              seq,
              intervalMs: config.probe.intervalSeconds * 1000,
            }),
          ),
        ),
      );
    },
    controller(options = {}) {
      const leadership = new DecreedLeadership('term' in options ? options.term : 1);
      const metrics = new RecordingMetrics();
      const notifier = new RecordingNotifier();
      const baseClients = options.clients ?? ctx.clients;
      const clients: AwsClients = options.documents ? { ...baseClients, documents: options.documents } : baseClients;
      const service = buildController(env, clients, {
        clock,
        leadership,
        metrics,
        notifier,
        ...(options.flipper ? { flipper: options.flipper } : {}),
        ...(options.newId ? { newId: options.newId } : {}),
        ...(options.routeTables ? { routeTables: options.routeTables } : {}),
      });
      return { service, leadership, metrics, notifier };
    },
  };
}
