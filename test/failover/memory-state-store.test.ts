/**
 * The in-memory ControllerStateStore: the shared store contract (the same cases run against
 * DynamoDB Local in dynamodb-state-store.int.test.ts), and its fault hooks.
 */
import { MemoryControllerStateStore, SimulatedCrash, SimulatedTimeout } from '../../lambdas/failover/memory-state-store';
import { A, B, completion, describeStateStoreContract, intent, leader } from './support/state-store-contract';

describeStateStoreContract('memory', async ({ transactions }) => {
  const store = new MemoryControllerStateStore({ transactions });
  return { store, loseNextAnswer: (write) => store.inject({ at: 'after', match: (e) => e.write === write, fault: { kind: 'lost-answer' } }) };
});

describe('MemoryControllerStateStore faults', () => {
  it('a crash before a write leaves nothing written; a crash after it leaves it written', async () => {
    const store = new MemoryControllerStateStore();
    const s = await store.initialize(A, leader(1), 1);
    store.inject({ at: 'before', match: (e) => e.write === 'recordIntent', fault: { kind: 'crash' } });
    await expect(store.recordIntent(intent('i1', 1), s.version, leader(1), 2)).rejects.toBeInstanceOf(SimulatedCrash);
    expect((await store.load())?.intent).toBeUndefined();
    store.inject({ at: 'after', match: (e) => e.write === 'recordIntent', fault: { kind: 'crash' } });
    await expect(store.recordIntent(intent('i1', 1), s.version, leader(1), 2)).rejects.toBeInstanceOf(SimulatedCrash);
    expect((await store.load())?.intent?.id).toBe('i1');
  });

  it('a timeout after a write reports an error although the write landed', async () => {
    const store = new MemoryControllerStateStore();
    const s = await store.initialize(A, leader(1), 1);
    await store.recordIntent(intent('f1', 1), s.version, leader(1), 2);
    store.inject({ at: 'after', match: (e) => e.write === 'completeIntent' && e.applied === true, fault: { kind: 'timeout' } });
    await expect(store.completeIntent('f1', completion('f1'), leader(1), 3)).rejects.toBeInstanceOf(SimulatedTimeout);
    expect(await store.load()).toMatchObject({ traffic: B, lastFlip: { id: 'f1' } });
  });

  it('a lost answer re-sends the same request, which then meets its own write', async () => {
    const store = new MemoryControllerStateStore();
    const s = await store.initialize(A, leader(1), 1);
    store.inject({ at: 'after', match: (e) => e.write === 'claim', fault: { kind: 'lost-answer' } });
    expect(await store.claim(2, 2)).toMatchObject({ fenceTerm: 2, version: s.version });
    expect(store.writes.filter((w) => w.write === 'claim')).toEqual([
      { write: 'claim', applied: true },
      { write: 'claim', applied: true },
    ]);
  });

  it('a pause holds the write until the test releases it, while others write', async () => {
    const store = new MemoryControllerStateStore();
    const s = await store.initialize(A, leader(1), 1);
    let release: () => void = () => undefined;
    store.inject({ at: 'before', match: (e) => e.write === 'recordIntent', fault: { kind: 'pause', until: new Promise<void>((r) => (release = r)) } });
    const paused = store.recordIntent(intent('slow', 1), s.version, leader(1), 2);
    await store.recordIntent(intent('fast', 1), s.version, leader(1), 3);
    release();
    await expect(paused).rejects.toMatchObject({ code: 'intent-pending' });
    expect((await store.load())?.intent?.id).toBe('fast');
  });
});
