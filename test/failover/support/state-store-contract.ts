/**
 * The ControllerStateStore contract: the same cases run against every store — the in-memory one
 * in unit tests (memory-state-store.test.ts) and the DynamoDB one on DynamoDB Local
 * (dynamodb-state-store.int.test.ts) — with and without transactions, so the memory store the
 * controller's unit tests rely on has exactly the conditional semantics production has.
 */
import type { AuditEntry, Completion, ControllerStateStore, FlipIntent, Writer } from '../../../lambdas/failover/state-store';
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

/** A completed flip to B committed by `claimant`. */
export function completion(id: string, claimant = 'writer-1', over: Partial<Completion> = {}): Completion {
  return {
    outcome: 'completed',
    flip: { traffic: B, flipTimes: [1000], lastFlip: { id, cause: 'failover', to: B, actor: 'c', term: 1, completedAt: 1000 } },
    audit: audit(id),
    notify: true,
    claimant,
    ...over,
  };
}

const pinB = { region: 'us-west-2', reason: 'x', actor: 'alice', at: 3 };

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
      await expect(store.recordIntent(intent('i3', 1), withIntent.version, operator, 3)).rejects.toMatchObject({ code: 'intent-pending', current: { intent: { id: 'i1' } } });
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

    it('stores the term number with the claim next to the fence term; a state claimed without one has none', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      expect(s.fenceTermNumber).toBeUndefined();
      expect(await store.claim(2, 2)).not.toHaveProperty('fenceTermNumber');
      expect(await store.claim(3, 3, 7)).toMatchObject({ fenceTerm: 3, fenceTermNumber: 7 });
      expect(await store.load()).toMatchObject({ fenceTerm: 3, fenceTermNumber: 7 });
      await expect(store.claim(2, 4, 6)).rejects.toMatchObject({ code: 'fenced' });
      expect(await store.load()).toMatchObject({ fenceTerm: 3, fenceTermNumber: 7 });
    });

    it('commits an intent once with its outbox entry; a repeat by another writer is alreadyCompleted; another id is intent-gone', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      const done = await store.completeIntent('f1', completion('f1'), leader(1), 3);
      expect(done).toMatchObject({ alreadyCompleted: false, state: { traffic: B, lastFlip: { id: 'f1' }, flipTimes: [1000], lastIntent: { id: 'f1', outcome: 'completed', claimant: 'writer-1' } } });
      expect(done.state.intent).toBeUndefined();
      expect(done.state.outbox.f1).toMatchObject({ audit: { id: 'f1' }, notify: true, audited: transactions, claimant: 'writer-1', claimedAt: 3 });
      const again = await store.completeIntent('f1', completion('f1', 'writer-2'), leader(2), 4);
      expect(again).toMatchObject({ alreadyCompleted: true, state: { version: done.state.version } });
      await expect(store.completeIntent('other', completion('other'), leader(2), 4)).rejects.toMatchObject({ code: 'intent-gone' });
      // With transactions the commit wrote the audit entry; without, the outbox delivery does.
      expect((await store.history()).entries.map((e) => e.id)).toEqual(transactions ? ['f1'] : []);
      await store.putAudit(audit('f1'));
      expect((await store.history()).entries.map((e) => e.id)).toEqual(['f1']);
    });

    it('refuses a deposed leader’s commit once a newer term claimed the state', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      await store.claim(2, 3);
      await expect(store.completeIntent('f1', completion('f1'), leader(1), 4)).rejects.toMatchObject({ code: 'fenced' });
      expect((await store.load())?.intent?.id).toBe('f1');
      expect((await store.history()).entries).toEqual([]);
    });

    it('recognises its own intent when the answer of the intent write was lost and the request re-sent', async () => {
      const subject = await fresh();
      const s = await subject.store.initialize(A, leader(1), 1);
      subject.loseNextAnswer('recordIntent');
      await expect(subject.store.recordIntent(intent('mine', 0), s.version, operator, 2)).resolves.toMatchObject({ intent: { id: 'mine' }, version: s.version + 1 });
    });

    it('recognises its own commit when the answer of the commit was lost and the request re-sent', async () => {
      const subject = await fresh();
      const s = await subject.store.initialize(A, leader(1), 1);
      await subject.store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      subject.loseNextAnswer('completeIntent');
      const done = await subject.store.completeIntent('f1', completion('f1', 'me'), leader(1), 3);
      expect(done).toMatchObject({ alreadyCompleted: false, state: { traffic: B, lastIntent: { claimant: 'me' }, outbox: { f1: { claimant: 'me' } } } });
    });

    it('commits a superseded intent: no traffic change, no flip time, no last flip, an audit entry owed and no notification', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      const superseded: Completion = {
        outcome: 'superseded',
        audit: { ...audit('f1'), outcome: 'superseded', detail: 'us-west-2 is DOWN now' },
        notify: false,
        claimant: 'w',
        detail: 'us-west-2 is DOWN now',
      };
      const done = await store.completeIntent('f1', superseded, leader(1), 3);
      expect(done.state).toMatchObject({ traffic: A, flipTimes: [], lastIntent: { id: 'f1', outcome: 'superseded', detail: 'us-west-2 is DOWN now' }, outbox: { f1: { notify: false } } });
      expect(done.state.lastFlip).toBeUndefined();
      expect(done.state.intent).toBeUndefined();
    });

    it('sets and clears the pin in the commit of a pin or unpin intent', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      const pinIntent = { ...intent('p1', 0), pin: { set: pinB } };
      await store.recordIntent(pinIntent, s.version, operator, 2);
      const pinned = await store.completeIntent('p1', { outcome: 'completed', pin: pinB, audit: { ...audit('p1'), kind: 'pin' }, notify: false, claimant: 'w' }, operator, 3);
      expect(pinned.state).toMatchObject({ traffic: A, pin: pinB });
      await store.recordIntent({ ...intent('u1', 0), pin: { clear: pinB } }, pinned.state.version, operator, 4);
      const cleared = await store.completeIntent('u1', { outcome: 'completed', pin: null, audit: { ...audit('u1', 1001), kind: 'unpin' }, notify: false, claimant: 'w' }, operator, 5);
      expect(cleared.state.pin).toBeUndefined();
      expect(Object.keys(cleared.state.outbox).sort()).toEqual(['p1', 'u1']);
    });

    it('hands an outbox entry over only to the writer that saw the current claim, and clears it', async () => {
      const subject = await fresh();
      const { store } = subject;
      const s = await store.initialize(A, leader(1), 1);
      await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      const { state } = await store.completeIntent('f1', completion('f1', 'dead'), leader(1), 3);
      expect(await store.claimOutbox('f1', 'someone-else', 'late', 40_000)).toBeUndefined();
      expect(await store.claimOutbox('f1', 'dead', 'taker', 40_000)).toMatchObject({ claimant: 'taker', claimedAt: 40_000, audit: { id: 'f1' } });
      expect(await store.claimOutbox('f1', 'dead', 'second-taker', 40_001)).toBeUndefined();
      subject.loseNextAnswer('claimOutbox');
      expect(await store.claimOutbox('f1', 'taker', 'third', 80_000)).toMatchObject({ claimant: 'third' });
      await store.clearOutbox('f1');
      expect((await store.load())?.outbox).toEqual({});
      expect((await store.load())?.version).toBe(state.version);
    });

    it('notes a failed apply on the pending intent without changing the version; after the commit it is a no-op', async () => {
      const { store } = await fresh();
      const s = await store.initialize(A, leader(1), 1);
      const recorded = await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
      await store.noteApplyFailure('f1', { at: 5, message: 'Throttling', attempts: 1 }, 5);
      expect(await store.load()).toMatchObject({ version: recorded.version, intent: { id: 'f1', lastError: { message: 'Throttling', attempts: 1 } } });
      await store.completeIntent('f1', completion('f1'), leader(1), 6);
      await expect(store.noteApplyFailure('f1', { at: 7, message: 'late', attempts: 2 }, 7)).resolves.toBeUndefined();
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
  });
}
