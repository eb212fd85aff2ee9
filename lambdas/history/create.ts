/**
 * Wiring of the event history from a config and the table name (`tableNames(service).events`,
 * env `EVENTS_TABLE`). The checker, the controller and the API each build one recorder/store here.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailoverConfig } from '../config/schema';
import { systemClock, type Clock } from '../platform/clock';
import { DynamoDbEventStore } from './dynamodb-event-store';
import { StoreHistoryRecorder, type RecorderLog } from './recorder';

export interface HistoryWiring {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly config: Pick<FailoverConfig, 'history'>;
}

export function createEventStore(wiring: HistoryWiring): DynamoDbEventStore {
  return new DynamoDbEventStore({ documents: wiring.documents, tableName: wiring.tableName, retentionDays: wiring.config.history.retentionDays });
}

export function createHistoryRecorder(wiring: HistoryWiring & { readonly clock?: Clock; readonly log?: RecorderLog; readonly mode?: 'immediate' | 'deferred' }): StoreHistoryRecorder {
  return new StoreHistoryRecorder({
    store: createEventStore(wiring),
    clock: wiring.clock ?? systemClock,
    ...(wiring.log ? { log: wiring.log } : {}),
    ...(wiring.mode ? { mode: wiring.mode } : {}),
  });
}
