/** Public API of the coordination library: lease locks with fencing tokens, and leader election. */
export type { LeaseHandle } from './held-lease';
export { LockClient, type AcquireOptions, type LockClientOptions, type LockHandle, type LockInfo, type RenewByTokenOptions, type TokenGrant } from './lock-client';
export { LeaderElector, leaseSettingsOf, type CampaignOptions, type LeaderElectorOptions, type LeaderInfo, type LeaderSettings, type LeadershipLease } from './leader-elector';
export { MemoryLockStore } from './memory-lock-store';
export { createLeaderElector, createLockClient, type TableOptions } from './dynamodb/create';
export { DynamoLockStore } from './dynamodb/lock-store';
/** DynamoDB condition helpers shared by every store that fences its writes (state, route table). */
export { conditionFailure, isWriteConflict } from './dynamodb/lock-errors';
export { DEFAULT_FENCE_ATTRIBUTE, DEFAULT_TERM_ATTRIBUTE, FenceError, fenceCondition, withFence, type FenceCondition, type FenceOptions, type FencibleInput } from './dynamodb/fencing';
export { CoordinationUnavailableError, LockConfigError, LockLostError, LockReleasedError, LockTimeoutError, type LossReason } from './rules/errors';
export { DEFAULT_DRIFT_RATE, safetyMarginMs, type LeaseOptions, type LeaseSettings } from './rules/settings';
export type { LockStore, WriteOutcome } from './lock-store';
