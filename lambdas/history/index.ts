/**
 * The event history: what the checkers and the controller observed (recorder, stores), and what
 * it adds up to (incidents, availability, the model, drill reports). Wiring: create.ts.
 */
export * from './rules/events';
export * from './event-store';
export { MemoryEventStore } from './memory-event-store';
export { DynamoDbEventStore, type DynamoDbEventStoreOptions } from './dynamodb-event-store';
export * from './recorder';
export { withHistory } from './checker-telemetry';
export { verdictObservation } from './verdict-observation';
export { recordingFailoverEvents } from './failover-events';
export { createEventStore, createHistoryRecorder, type HistoryWiring } from './create';
export { buildReport, listIncidents, windowEndingAt, DEFAULT_LOOKBACK_MS, DEFAULT_WINDOW_MS, type HistoryReport, type ReportConfig, type ReportOptions } from './report';
export { renderReportMarkdown } from './report-markdown';
export { getDrillReport } from './drill-report';
export { renderDrillMarkdown } from './drill-markdown';
export * as historySchemas from './schemas';
export * from './rules';
export { DrillRunner, DrillRequestError, type DrillRequest, type DrillRunnerDeps, type StartResult } from './drill-runner';
export { DrillConflictError, isRunning, type DrillLeg, type DrillRecord, type DrillStore } from './drill-store';
export { MemoryDrillStore } from './memory-drill-store';
export { DynamoDbDrillStore, type DynamoDbDrillStoreOptions } from './dynamodb-drill-store';
export { runScheduledDrill, SCHEDULED_DRILL_ACTOR, type ScheduledDrillResult } from './scheduled-drill';
export { readTimeline, TIMELINE_LOOKBACK_MS, MAX_TIMELINE_WINDOW_MS, type TimelineAnswer, type TimelineOptions } from './timeline';
export { renderSwimlaneSvg, type SwimlaneOptions } from './timeline-svg';
export * as timelineSchemas from './timeline-schemas';
