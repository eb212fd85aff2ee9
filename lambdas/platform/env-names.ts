/**
 * The environment variables the stacks give the Lambda handlers — the one list both sides agree on.
 * Handlers read these names; the stacks set them through `handlerEnvironment` (lib/constructs/handler-env.ts).
 */
export const ENV = {
  /** The validated config as minified JSON (handlers run it through `parseConfig` again). */
  config: 'FAILOVER_CONFIG',
  /** Region whose view the checker reports (`Observations.checker`); set on the checker only. */
  checkerRegion: 'CHECKER_REGION',
  /** Region this controller / API runs in (also `AWS_REGION`; explicit so local mode can set it). */
  deployRegion: 'FAILOVER_REGION',
  /** Region of the table replica to use first (the first of TABLE_REGIONS). */
  tableRegion: 'TABLE_REGION',
  /** The table replicas to use, comma-separated, in the order to try them (own replica first); a replica that does not answer is skipped for the next. */
  tableRegions: 'TABLE_REGIONS',
  coordinationTable: 'COORDINATION_TABLE',
  observationsTable: 'OBSERVATIONS_TABLE',
  stateTable: 'STATE_TABLE',
  auditTable: 'AUDIT_TABLE',
  /** The event history (lambdas/history/); set on the checker, controller and API (optional: unset, nothing is recorded and the history routes answer 503). */
  eventsTable: 'EVENTS_TABLE',
  /** SNS topic for flip / operator notifications; set on the controller and the API. */
  topicArn: 'ALERT_TOPIC_ARN',
  /**
   * Hosted zone the controller UPSERTs in `dns-update` mode (also set on the API functions, which
   * build the same wiring but hold no Route 53 permission); unset in `health-signal` mode.
   */
  hostedZoneId: 'HOSTED_ZONE_ID',
  powertoolsService: 'POWERTOOLS_SERVICE_NAME',
  powertoolsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  powertoolsLogLevel: 'POWERTOOLS_LOG_LEVEL',
  /** `true` only when the config's `functions.tracing` is on (Powertools Tracer, X-Ray). */
  powertoolsTraceEnabled: 'POWERTOOLS_TRACE_ENABLED',
  nodeOptions: 'NODE_OPTIONS',
} as const;

/** The payload the drill schedule (EventBridge Scheduler, lib/constructs/drill-schedule.ts) sends the controller: start a practice failover if the window allows. */
export const DRILL_SCHEDULE_EVENT = { source: 'drill-schedule' } as const;
