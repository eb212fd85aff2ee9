import { MemoryEventStore } from '../../lambdas/history/memory-event-store';
import { eventStoreContract } from './support/event-store-contract';

describe('MemoryEventStore', () => {
  eventStoreContract(async () => new MemoryEventStore());
});
