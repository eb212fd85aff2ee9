/** Pure failover core: decision engine, safety rules, operator plans, Route 53 change batches. */
export * from './types';
export * from './errors';
export * from './traffic';
export * from './safety';
export * from './decide';
export * from './manual';
export * from './change-batch';
