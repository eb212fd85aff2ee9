/** What every DrillStore must do: one running drill at a time, versioned updates, records kept by id. */
import type { DrillRecord, DrillStore } from '../../../lambdas/history/drill-store';
import { newDrill } from '../../../lambdas/history/rules/drill';

const T0 = Date.parse('2026-12-01T10:00:00Z');

export function drillRecord(id: string, phase: DrillRecord['drill']['phase'] = 'moving-out', version = 1): DrillRecord {
  const { state, steps } = newDrill({ id, target: 'us-west-2', home: { 'us-east-1': 1, 'us-west-2': 0 }, durationMs: 600_000, reason: 'contract', actor: 'alice', requestedAt: T0 });
  return { id, drill: { ...state, phase, ...(phase === 'finished' ? { outcome: 'returned' as const } : {}) }, steps, version, updatedAt: T0 };
}

export function drillStoreContract(fresh: () => Promise<DrillStore>): void {
  describe('DrillStore contract', () => {
    it('stores a new drill and reads it back as the latest and by id', async () => {
      const store = await fresh();
      expect(await store.latest()).toBeUndefined();
      await store.create(drillRecord('d1'));
      expect(await store.latest()).toEqual(drillRecord('d1'));
      expect(await store.get('d1')).toEqual(drillRecord('d1'));
      expect(await store.get('d2')).toBeUndefined();
    });

    it('refuses a second drill while one runs, and accepts one once it has finished', async () => {
      const store = await fresh();
      await store.create(drillRecord('d1'));
      await expect(store.create(drillRecord('d2'))).rejects.toMatchObject({ name: 'DrillConflictError', code: 'drill-running', message: expect.stringMatching(/^drill d1 is running/) });
      await store.update(drillRecord('d1', 'finished', 2), 1);
      await store.create(drillRecord('d2'));
      expect((await store.latest())?.id).toBe('d2');
      expect(await store.get('d1')).toMatchObject({ version: 2, drill: { phase: 'finished' } });
    });

    it('updates only from the version it expects: of two runners, one wins', async () => {
      const store = await fresh();
      await store.create(drillRecord('d1'));
      const results = await Promise.allSettled([store.update(drillRecord('d1', 'watching', 2), 1), store.update(drillRecord('d1', 'watching', 2), 1)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      await expect(store.update(drillRecord('d1', 'returning', 3), 1)).rejects.toMatchObject({ code: 'version' });
      await expect(store.update(drillRecord('other', 'returning', 3), 2)).rejects.toMatchObject({ code: 'version' });
      expect(await store.latest()).toMatchObject({ version: 2, drill: { phase: 'watching' } });
    });
  });
}
