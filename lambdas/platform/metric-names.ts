/**
 * Custom metrics the handlers emit (Powertools Metrics, EMF) and the dashboard and alarms read.
 * CloudWatch matches a metric by namespace + name + the exact dimension set, so each entry lists the
 * full set. Powertools adds the `service` dimension itself (from POWERTOOLS_SERVICE_NAME, which the
 * stacks set to the config's `service`); handlers add the others with these exact names.
 * Lives under lambdas/ because the handlers emit these names; the CDK stacks import it from here.
 */

export const METRICS_NAMESPACE = 'RegionFailover';

export const DIMENSION = {
  service: 'service',
  /** App region being probed, e.g. `us-east-1`. */
  target: 'Target',
  /** Region of the checker that probed, e.g. `eu-west-1`. */
  checker: 'Checker',
} as const;

export type DimensionName = (typeof DIMENSION)[keyof typeof DIMENSION];

export interface MetricSpec {
  readonly name: string;
  readonly dimensions: readonly DimensionName[];
  readonly emittedBy: 'checker' | 'controller';
  readonly meaning: string;
}

export const METRIC = {
  targetHealthy: {
    name: 'TargetHealthy',
    dimensions: [DIMENSION.service, DIMENSION.target, DIMENSION.checker],
    emittedBy: 'checker',
    meaning: "1 if the checker's verdict for the target is UP after a round, 0 if DOWN (one datapoint per round)",
  },
  probeRounds: {
    name: 'ProbeRounds',
    dimensions: [DIMENSION.service, DIMENSION.checker],
    emittedBy: 'checker',
    meaning: 'Probe rounds completed (count); missing data means the checker is stale',
  },
  flips: {
    name: 'Flips',
    dimensions: [DIMENSION.service],
    emittedBy: 'controller',
    meaning: 'Routing flips committed by the leader (count)',
  },
  decisionLatency: {
    name: 'DecisionLatencyMs',
    dimensions: [DIMENSION.service],
    emittedBy: 'controller',
    meaning: 'Milliseconds from the observation that crossed quorum to the committed flip',
  },
  leaderTerm: {
    name: 'LeaderTerm',
    dimensions: [DIMENSION.service],
    emittedBy: 'controller',
    meaning: 'Term of the current leader, emitted by the controller that holds leadership',
  },
  leaderPresent: {
    name: 'LeaderPresent',
    dimensions: [DIMENSION.service],
    emittedBy: 'controller',
    meaning: 'Every controller run: 1 if an unexpired leader record exists (any region), else 0',
  },
  timeSinceLastFlip: {
    name: 'TimeSinceLastFlipSeconds',
    dimensions: [DIMENSION.service],
    emittedBy: 'controller',
    meaning: 'Seconds since the last committed flip, emitted by the leader on every run',
  },
  observationAge: {
    name: 'ObservationAgeSeconds',
    dimensions: [DIMENSION.service, DIMENSION.checker],
    emittedBy: 'controller',
    meaning: 'Age of the newest observation from a checker region, as the controller sees it',
  },
} as const satisfies Record<string, MetricSpec>;
