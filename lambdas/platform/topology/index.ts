/** Where the service's parts live and what survives the loss of one region (pure; see region-loss.ts). */
export * from './regions';
export * from './access';
export * from './signal-plan';
export * from './region-loss';
export * from './gate';
