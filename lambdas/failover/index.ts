/**
 * Public API of the failover capability: the pure decision rules, the controller (automation,
 * operator commands, the fenced two-phase flip, read models), its state store, leadership port,
 * metrics and notifier. The Route 53 flipper and the SNS notifier are not re-exported here: the
 * wiring root loads them on first use so a cold start does not pay for those SDK clients.
 */
export * from './rules';
export * from './errors';
export * from './controller';
export * from './state-store';
export { DynamoControllerStateStore } from './dynamodb-state-store';
export type { ApplyResult, DnsFlipper } from './dns-flipper';
export { healthSignalFlipper } from './health-signal-flipper';
export type { LeaderTerm, LeadPatience, Leadership } from './leadership';
export { ElectorLeadership, type ElectorLeadershipOptions } from './elector-leadership';
export { powertoolsMetrics, RecordingMetrics, TIME_SINCE_LAST_FLIP, type ControllerMetrics } from './metrics';
export { silentNotifier, type FlipEvent, type FlipNotifier } from './notifier';
export { RouteTableSync, type RouteTableSyncResult } from './route-table-sync';
export {
  MemoryControllerStateStore,
  SimulatedCrash,
  SimulatedTimeout,
  type FaultRule,
  type MemoryControllerStateStoreOptions,
  type StoreFault,
  type StoreWrite,
  type WriteEvent,
} from './memory-state-store';
export { Automation } from './automation';
export { OperatorCommands } from './operator-commands';
export { FlipProtocol } from './flip-protocol';
export { ReadModels } from './read-models';
export { noFailoverEvents, noteCommittedFlip, type FailoverEvents, type FlipAppliedNotice, type FlipIntentNotice } from './failover-events';
