/**
 * What every HistoryEventStore must do, run against the in-memory store (unit) and the DynamoDB
 * store on DynamoDB Local (integration), so the two cannot drift apart.
 */
import type { HistoryEventStore } from '../../../lambdas/history/event-store';
import { A, B, DAY, MIN, ON_A, ON_B, S, T0, checkerDown, drillStep, flipCompleted, flipIntent, verdict } from './events';

export function eventStoreContract(makeStore: () => Promise<HistoryEventStore>): void {
  it('writes an event once; a repeat of the same fact is reported as already there and the first record stands', async () => {
    const store = await makeStore();
    expect(await store.put(verdict(A, 'DOWN', T0 + MIN))).toBe('written');
    expect(await store.put(verdict(A, 'DOWN', T0 + MIN, { reason: 'seen again by a new leader', evaluatedAt: T0 + 2 * MIN }))).toBe('exists');
    const { events } = await store.range(T0, T0 + DAY);
    expect(events).toEqual([verdict(A, 'DOWN', T0 + MIN)]);
  });

  it('returns the events anchored in [from, to), oldest first, across UTC day boundaries', async () => {
    const store = await makeStore();
    const beforeMidnight = T0 + DAY - 1;
    const midnight = T0 + DAY;
    const written = [
      verdict(B, 'UP', midnight + 5 * S),
      verdict(A, 'DOWN', beforeMidnight),
      verdict(A, 'UP', midnight),
      verdict(B, 'DOWN', T0), // exactly at `from`: included
      verdict(A, 'DOWN', T0 + 2 * DAY), // exactly at `to`: excluded
      verdict(B, 'UP', T0 - 1), // before `from`
    ];
    for (const e of written) await store.put(e);
    const { events, skipped } = await store.range(T0, T0 + 2 * DAY);
    expect(events.map((e) => [e.kind === 'verdict' ? e.region : '', e.at])).toEqual([
      [B, T0],
      [A, beforeMidnight],
      [A, midnight],
      [B, midnight + 5 * S],
    ]);
    expect(skipped).toBe(0);
  });

  it('files every phase of a flip under its intent time, so a late completion is found with its intent', async () => {
    const store = await makeStore();
    const intentAt = T0 + DAY - 2 * S;
    await store.put(flipIntent('f1', intentAt, ON_A, ON_B));
    await store.put(flipCompleted('f1', { intentAt, appliedAt: intentAt + S, completedAt: T0 + DAY + 3 * S }, ON_A, ON_B));
    const { events } = await store.range(T0, T0 + DAY);
    expect(events.map((e) => e.kind)).toEqual(['flip-intent', 'flip-completed']);
    expect((await store.range(T0 + DAY, T0 + 2 * DAY)).events).toEqual([]);
  });

  it('keeps a drill’s steps in their own partition, in step order, out of time ranges', async () => {
    const store = await makeStore();
    await store.put(drillStep('d1', 2, 'watching', T0 + 2 * MIN));
    await store.put(drillStep('d1', 0, 'requested', T0));
    await store.put(drillStep('d1', 1, 'moving-out', T0 + MIN));
    await store.put(drillStep('d2', 0, 'requested', T0));
    expect(await store.put(drillStep('d1', 1, 'moving-out', T0 + 5 * MIN))).toBe('exists');
    const { events } = await store.drill('d1');
    expect(events.map((e) => [e.seq, e.step, e.at])).toEqual([
      [0, 'requested', T0],
      [1, 'moving-out', T0 + MIN],
      [2, 'watching', T0 + 2 * MIN],
    ]);
    expect((await store.drill('nope')).events).toEqual([]);
    expect((await store.range(T0 - DAY, T0 + DAY)).events).toEqual([]);
  });

  it('keeps one item per checker state change, told apart by region, checker and new state', async () => {
    const store = await makeStore();
    await store.put(checkerDown(A, 'eu-west-1', T0, T0 + 10 * S));
    await store.put(checkerDown(A, 'us-west-2', T0, T0 + 10 * S));
    await store.put(checkerDown(B, 'eu-west-1', T0, T0 + 10 * S));
    expect(await store.put(checkerDown(A, 'eu-west-1', T0 + S, T0 + 10 * S))).toBe('exists');
    expect((await store.range(T0, T0 + MIN)).events).toHaveLength(3);
  });

  it('refuses an invalid event with a message naming the field, and stores nothing', async () => {
    const store = await makeStore();
    await expect(store.put(verdict(A, 'DOWN', -5))).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringMatching(/invalid verdict event: at: /) });
    expect((await store.range(T0 - DAY, T0 + DAY)).events).toEqual([]);
  });

  it('returns nothing for an empty or inverted range', async () => {
    const store = await makeStore();
    await store.put(verdict(A, 'UP', T0));
    expect((await store.range(T0, T0)).events).toEqual([]);
    expect((await store.range(T0 + 1, T0)).events).toEqual([]);
  });
}
