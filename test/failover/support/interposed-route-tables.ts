/**
 * A route table store that wraps a real one, with a hook that runs once before the next `load`
 * (a writer paused between its flip and its publish) and publishes that fail while `failing` is
 * set (the table throttled). For tests of when and how the controller publishes.
 */
import type { PublishOptions, RouteTableStore } from '../../../lambdas/keyrouting/route-table-store';
import type { RouteTable } from '../../../lambdas/keyrouting/table';

export class InterposedRouteTables implements RouteTableStore {
  failing = false;
  /** Runs (and is awaited) before the next `load` only. */
  beforeLoad: (() => Promise<void>) | undefined;

  constructor(private readonly inner: RouteTableStore) {}

  get where(): string {
    return this.inner.where;
  }
  headVersion(): Promise<number | undefined> {
    return this.inner.headVersion();
  }
  async load(): Promise<RouteTable | undefined> {
    const hook = this.beforeLoad;
    this.beforeLoad = undefined;
    await hook?.();
    return this.inner.load();
  }
  publish(next: RouteTable, options: PublishOptions): Promise<RouteTable> {
    if (this.failing) return Promise.reject(Object.assign(new Error('Throughput exceeds the current capacity of your table'), { name: 'ProvisionedThroughputExceededException' }));
    return this.inner.publish(next, options);
  }
  history(version: number): Promise<RouteTable | undefined> {
    return this.inner.history(version);
  }
}
