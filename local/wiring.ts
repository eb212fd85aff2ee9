/**
 * Local mode runs the real services, built by the same wiring root the Lambda handlers use
 * (lambdas/wiring.ts): one controller per app region (they elect one leader among them, as the
 * regional Lambdas do), the API's services, and the checker of each checker region with a stop
 * signal instead of a deadline.
 */
import type { ApiServices, DemoPort, DnsAnswerPort } from '../lambdas/api/ports';
import type { LeaderElector } from '../lambdas/coordination';
import { DynamoLockStore } from '../lambdas/coordination';
import type { FailoverConfig } from '../lambdas/config';
import type { ControllerLog, FailoverController } from '../lambdas/failover/controller';
import { ElectorLeadership } from '../lambdas/failover/elector-leadership';
import { RecordingMetrics } from '../lambdas/failover/metrics';
import { runChecker, type ProbeLoopReport } from '../lambdas/health/checker';
import type { CheckerTelemetry } from '../lambdas/health/checker/telemetry';
import type { AwsClients } from '../lambdas/platform/aws-clients';
import type { Clock } from '../lambdas/platform/clock';
import type { Deployment } from '../lambdas/platform/environment';
import type { TableNames } from '../lambdas/platform/tables';
import { buildApi, buildChecker, buildController, buildControllerElector, neverLeads } from '../lambdas/wiring';

export interface WiringInput {
  readonly config: FailoverConfig;
  readonly clients: AwsClients;
  readonly tables: TableNames;
  readonly hostedZoneId: string;
  readonly clock: Clock;
  readonly log: ControllerLog;
  /** Local mode stopping: a standby controller stops waiting for leadership at once. */
  readonly stopSignal?: AbortSignal;
}

export interface LocalController {
  readonly region: string;
  readonly controller: FailoverController;
  /** Kept so local mode can resign on stop: the next start need not wait out the lease. */
  readonly elector: LeaderElector;
}

export interface LocalServices {
  /** One per app region; they elect one leader among them, as the regional Lambdas do. */
  readonly controllers: readonly LocalController[];
  /** Everything the API serves; operator actions and read models need no leadership. */
  api(demo: DemoPort, dnsAnswer?: DnsAnswerPort): ApiServices;
}

/** What a Lambda in `region` would read from its environment. */
function deploymentIn(input: WiringInput, region: string): Deployment {
  return { config: input.config, region, tableRegion: region, tables: input.tables, hostedZoneId: input.hostedZoneId };
}

/**
 * The elector as ElectorLeadership uses it, but a campaign also ends when local mode stops: a
 * standby's scheduled tick may otherwise wait up to 25 s for a leader that is stopping too.
 */
function stoppable(elector: LeaderElector, stop: AbortSignal | undefined): Pick<LeaderElector, 'campaign' | 'current'> {
  if (stop === undefined) return elector;
  return {
    campaign: (options = {}) => elector.campaign({ ...options, signal: options.signal ? AbortSignal.any([options.signal, stop]) : stop }),
    current: () => elector.current(),
  };
}

export function buildLocalServices(input: WiringInput): LocalServices {
  const { config, clients, clock, log } = input;
  const lockStore = new DynamoLockStore({ dynamodb: clients.dynamodb, tableName: input.tables.coordination });
  const controllers = config.appRegions.map(({ region }) => {
    const deployment = deploymentIn(input, region);
    const elector = buildControllerElector(deployment, clients, { candidate: `local-controller@${region}`, clock, lockStore });
    const leadership = new ElectorLeadership(stoppable(elector, input.stopSignal), { payload: region });
    return { region, elector, controller: buildController(deployment, clients, { clock, leadership, metrics: new RecordingMetrics(), log }) };
  });
  const first = deploymentIn(input, config.appRegions[0]?.region ?? 'us-east-1');
  return {
    controllers,
    api: (demo, dnsAnswer) =>
      buildApi(first, clients, {
        clock,
        lockStore,
        demo,
        ...(dnsAnswer ? { dnsAnswer } : {}),
        controller: buildController(first, clients, { clock, leadership: neverLeads, metrics: new RecordingMetrics(), log }),
      }),
  };
}

/** The checker service of one checker region (as the checker Lambda runs it), until `signal` aborts. */
export function runLocalChecker(input: WiringInput & { readonly checker: string; readonly signal: AbortSignal; readonly telemetry: CheckerTelemetry }): Promise<ProbeLoopReport> {
  const deployment = { ...deploymentIn(input, input.checker), checkerRegion: input.checker };
  return runChecker({ ...buildChecker(deployment, input.clients, { clock: input.clock, telemetry: input.telemetry }), signal: input.signal, writer: `local-checker@${input.checker}` });
}
