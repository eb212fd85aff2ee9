/** DrillStore in memory, with the same conditions as the DynamoDB one (tests, benchmarks). */
import { DrillConflictError, isRunning, type DrillRecord, type DrillStore } from './drill-store';

export class MemoryDrillStore implements DrillStore {
  private current: DrillRecord | undefined;
  private readonly byId = new Map<string, DrillRecord>();

  latest(): Promise<DrillRecord | undefined> {
    return Promise.resolve(this.current && structuredClone(this.current));
  }

  get(id: string): Promise<DrillRecord | undefined> {
    const found = this.byId.get(id);
    return Promise.resolve(found && structuredClone(found));
  }

  create(record: DrillRecord): Promise<void> {
    if (this.current !== undefined && isRunning(this.current))
      return Promise.reject(new DrillConflictError('drill-running', `drill ${this.current.id} is running; abort it or wait until it has finished`));
    this.store(record);
    return Promise.resolve();
  }

  update(record: DrillRecord, expectedVersion: number): Promise<void> {
    if (this.current?.id !== record.id || this.current.version !== expectedVersion) {
      return Promise.reject(new DrillConflictError('version', `drill ${record.id} changed meanwhile (now version ${this.current?.version ?? 'none'}); re-read it`));
    }
    this.store(record);
    return Promise.resolve();
  }

  private store(record: DrillRecord): void {
    this.current = structuredClone(record);
    this.byId.set(record.id, structuredClone(record));
  }
}
