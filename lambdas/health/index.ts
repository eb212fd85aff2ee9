/**
 * Public API of the health capability: the pure rules (probe results, hysteresis, quorum), the
 * probers, the checker loop, the observation store and the quorum verdicts the controller reads.
 * Other features import health only through this file (or `health/rules` from pure code).
 */
export * from './rules';
export { createProber, classifyError, probeHeaders, DEFAULT_USER_AGENT, type ProberOptions } from './probe';
export type { Prober } from './probe/prober';
export * from './checker';
export type { ObservationStore, PutObservationResult } from './observation-store';
export { DynamoDbObservationStore, ObservationStoreError, decodeObservation, type DynamoDbObservationStoreOptions } from './dynamodb-observation-store';
export type { VerdictSnapshot, VerdictSource } from './verdict-source';
export { QuorumVerdictSource, verdictSince } from './quorum-verdicts';
