/** HistoryEventStore in memory, for unit tests of the recorder and the report builder. */
import type { DrillStepEvent, HistoryEvent } from './rules/events';
import type { EventRange, HistoryEventStore, PutOutcome } from './event-store';
import { validEvent } from './codec';
import { drillPartition, eventKey } from './rules/keys';
import { asPromise } from '../platform/as-promise';

interface Stored {
  readonly pk: string;
  readonly sk: string;
  readonly anchorAt: number;
  readonly event: HistoryEvent;
}

export class MemoryEventStore implements HistoryEventStore {
  private readonly items = new Map<string, Stored>();

  put(event: HistoryEvent): Promise<PutOutcome> {
    return asPromise(() => {
      const valid = validEvent(event);
      const key = eventKey(valid);
      const id = `${key.pk}\u0000${key.sk}`;
      if (this.items.has(id)) return 'exists';
      this.items.set(id, { ...key, event: valid });
      return 'written';
    });
  }

  range(from: number, to: number): Promise<EventRange> {
    return asPromise(() => {
      const events = [...this.items.values()]
        .filter((s) => s.pk.startsWith('day#') && s.anchorAt >= from && s.anchorAt < to)
        .sort((a, b) => a.anchorAt - b.anchorAt || (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
        .map((s) => s.event);
      return { events, skipped: 0 };
    });
  }

  drill(drillId: string): Promise<EventRange<DrillStepEvent>> {
    return asPromise(() => {
      const pk = drillPartition(drillId);
      const events = [...this.items.values()]
        .filter((s) => s.pk === pk)
        .sort((a, b) => (a.sk < b.sk ? -1 : 1))
        .map((s) => s.event)
        .filter((e): e is DrillStepEvent => e.kind === 'drill-step');
      return { events, skipped: 0 };
    });
  }

  /** Number of stored events (tests). */
  get size(): number {
    return this.items.size;
  }
}
