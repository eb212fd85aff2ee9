/**
 * Partition keys of the Coordination table: locks and leader records share it, told apart by a
 * prefix so a lock and an election group of the same name never collide.
 */
export const LOCK_PREFIX = 'lock#';
export const LEADER_PREFIX = 'leader#';

export function lockKey(name: string): string {
  return `${LOCK_PREFIX}${name}`;
}

export function leaderKey(group: string): string {
  return `${LEADER_PREFIX}${group}`;
}
