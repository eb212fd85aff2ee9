/** Pure health-checking core: probe result types, hysteresis, quorum, probe-loop scheduling, write policy. */
export * from './types';
export * from './state-machine';
export * from './quorum';
export * from './schedule';
export * from './write-policy';
export * from './observation';
export * from './body-match';
export * from './progress';
