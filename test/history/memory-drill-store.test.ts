/** The in-memory drill store meets the same contract as the DynamoDB one. */
import { MemoryDrillStore } from '../../lambdas/history/memory-drill-store';
import { drillStoreContract } from './support/drill-store-contract';

drillStoreContract(() => Promise.resolve(new MemoryDrillStore()));
