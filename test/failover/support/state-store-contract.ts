/**
 * The ControllerStateStore contract: the same cases run against every store — the in-memory one
 * in unit tests (memory-state-store.test.ts) and the DynamoDB one on DynamoDB Local
 * (dynamodb-state-store.int.test.ts) — with and without transactions, so the memory store the
 * controller's unit tests rely on has exactly the conditional semantics production has.
 */
import type { AuditEntry, ControllerStateStore, FlipIntent, Writer } from '../../../lambdas/failover/state-store';
import type { StoreWrite } from '../../../lambdas/failover/memory-state-store';

export interface StoreSubject {
  readonly store: ControllerStateStore;
  /** The next request of this kind lands, its answer is lost, and the same request is sent again (an SDK retry). */
  loseNextAnswer(write: StoreWrite): void;
}

export type MakeStore = (options: { readonly transactions: boolean }) => Promise<StoreSubject>;

export const A = { 'us-east-1': 1, 'us-west-2': 0 };
export const B = { 'us-east-1': 0, 'us-west-2': 1 };
export const leader = (term: number): Writer => ({ kind: 'leader', term });
export const operator: Writer = { kind: 'operator', actor: 'alice' };

export function intent(id: string, term: number, at = 1000): FlipIntent {
  return { id, plan: { cause: 'failover', from: A, to: B, reason: 'test' }, term, actor: 'c', trigger: 'test', createdAt: at, verdicts: {} };
}

export function audit(id: string, at = 1000): AuditEntry {
  return { id, kind: 'flip', at, actor: 'c', term: 1, reason: 'test', cause: 'failover', from: A, to: B };
}

export function completion(id: string) {
  return { traffic: B, flipTimes: [1000], lastFlip: { id, cause: 'failover' as const, to: B, actor: 'c', term: 1, completedAt: 1000 } };
}

export function describeStateStoreContract(backend: string, make: MakeStore): void {
  describe.each([false, true])(`${backend} ControllerStateStore contract (transactions: %s)`, (transactions) => {
    const fresh = () => make({ transactions });

    it('initializes once and keeps the first traffic', async () => {
      const { store } = await fresh();
      expect(await store.load()).toBeUndefined();
      const first = await store.initialize(A, leader(5), 1);
      expect(first).toMatchObject({ traffic: A, version: 1, fenceTerm: 5 });
      expect(await store.initialize(B, operator, 2)).toMatchObject({ traffic: A, version: 1 });
    });

    it('guards intents by version and by the pending-intent slot', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await expect(store.recordIntent(intent('i0', 1), s.version + 1, leader(1), 2)).rejects.toMatchObject({ name: 'StateConflictError', code: 'version' });
      const withIntent = await store.recordIntent(intent('i1', 1), s.version, leader(1), 2);
      expect(withIntent).toMatchObject({ version: 2, intent: { id: 'i1' } });
      await expect(store.recordIntent(intent('i2', 1), withIntent.version, leader(1), 3)).rejects.toMatchObject({ code: 'intent-pending' });
      await expect(store.setPin({ region: 'us-west-2', reason: 'x', actor: 'alice', at: 3 }, withIntent.version, operator, 3)).rejects.toMatchObject({ code: 'intent-pending' });
    });

    it('fences a deposed leader: writes with an older term are refused once a newer term wrote', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      const claimed = await store.claim(2, 2);
      expect(claimed.fenceTerm).toBe(2);
      await expect(store.recordIntent(intent('old', 1), s.version, leader(1), 3)).rejects.toMatchObject({ code: 'fenced' });
      await expect(store.claim(1, 3)).rejects.toMatchObject({ code: 'fenced' });
      // Operators are not leaders: their writes are guarded by version, not by term.
      await expect(store.recordIntent(intent('op', 2), claimed.version, operator, 3)).resolves.toMatchObject({ intent: { id: 'op' }, fenceTerm: 2 });
    });

    it('completes an intent once, writes its audit entry once, and treats a repeat as done', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      const done = await store.completeIntent('f1', completion('f1'), audit('f1'), leader(1), 3);
      expect(done).toMatchObject({ alreadyCompleted: false, state: { traffic: B, lastFlip: { id: 'f1' }, flipTimes: [1000] } });
      expect(done.state.intent).toBeUndefined();
      const again = await store.completeIntent('f1', completion('f1'), audit('f1'), leader(2), 4);
      expect(again).toMatchObject({ alreadyCompleted: true, state: { version: done.state.version } });
      await expect(store.completeIntent('other', completion('other'), audit('other'), leader(2), 4)).rejects.toMatchObject({ code: 'intent-gone' });
      expect((await store.history()).entries.map((e) => e.id)).toEqual(['f1']);
    });

    it('refuses a deposed leader’s completion once a newer term claimed the state', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      await store.claim(2, 3);
      await expect(store.completeIntent('f1', completion('f1'), audit('f1'), leader(1), 4)).rejects.toMatchObject({ code: 'fenced' });
      expect((await store.load())?.intent?.id).toBe('f1');
    });

    it('keeps audit entries once per id and pages history newest first', async () => {
      const { store } = await fresh();
      for (let i = 0; i < 5; i++) await store.putAudit(audit(`a${i}`, 1000 + i));
      await store.putAudit({ ...audit('a2', 1002), reason: 'a retry must not overwrite' });
      const first = await store.history({ limit: 2 });
      expect(first.entries.map((e) => e.id)).toEqual(['a4', 'a3']);
      const second = await store.history({ limit: 10, ...(first.next ? { before: first.next } : {}) });
      expect(second.entries.map((e) => e.id)).toEqual(['a2', 'a1', 'a0']);
      expect(second.entries[0]?.reason).toBe('test');
    });

    it('sets and clears a pin under the version guard', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      const pinned = await store.setPin({ region: 'us-west-2', reason: 'x', actor: 'alice', at: 3 }, s.version, operator, 3);
      expect(pinned.pin).toMatchObject({ region: 'us-west-2' });
      await expect(store.setPin(undefined, s.version, operator, 4)).rejects.toMatchObject({ code: 'version' });
      expect((await store.setPin(undefined, pinned.version, operator, 4)).pin).toBeUndefined();
    });
  });
}
