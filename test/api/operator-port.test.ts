/** Operator actions over the controller: refusals for readiness explain every region; failback never says "nothing changed" while the preferred region is DOWN. */
import { ServiceRejection } from '../../lambdas/api/errors';
import { ControllerOperatorPort } from '../../lambdas/api/operator-port';
import type { RegionReadinessBody } from '../../lambdas/api/schemas';
import { ManualActionError } from '../../lambdas/failover/rules';

const policy = { mode: 'active-passive' as const, priority: ['us-east-1', 'us-west-2'] };
const onWest = { 'us-east-1': 0, 'us-west-2': 1 };
const onEast = { 'us-east-1': 1, 'us-west-2': 0 };

function readiness(verdicts: Record<string, 'UP' | 'DOWN'>) {
  const calls: { regions: readonly string[]; serving: readonly string[] }[] = [];
  return {
    calls,
    regions: async (regions: readonly string[], serving: readonly string[]): Promise<RegionReadinessBody[]> => {
      calls.push({ regions, serving });
      return regions.map((region) => ({
        region,
        verdict: verdicts[region] ?? 'UP',
        serving: serving.includes(region),
        checkersUp: verdicts[region] === 'DOWN' ? 1 : 3,
        quorum: 2,
        upInSeconds: verdicts[region] === 'DOWN' ? 10 : 0,
        detail: verdicts[region] === 'DOWN' ? 'DOWN (1 of 3 checker regions see it UP, 2 needed); can be UP in about 10 s if its probes keep succeeding' : 'UP',
      }));
    },
  };
}

function controller(overrides: Partial<ConstructorParameters<typeof ControllerOperatorPort>[0]['controller']> = {}) {
  const calls: unknown[] = [];
  return {
    calls,
    failover: async (to: string, r: unknown) => (calls.push(['failover', to, r]), { changed: true, traffic: { 'us-east-1': to === 'us-east-1' ? 1 : 0, 'us-west-2': to === 'us-west-2' ? 1 : 0 } }),
    failback: async (r: unknown) => (calls.push(['failback', r]), { changed: true, traffic: onEast }),
    pin: async (region: string, r: unknown) => (calls.push(['pin', region, r]), { changed: true, traffic: onWest }),
    unpin: async () => ({ changed: false, traffic: onEast }),
    status: async () => ({ serving: ['us-west-2'] }) as never,
    ...overrides,
  };
}

describe('ControllerOperatorPort', () => {
  test('passes reason, actor and force through and reports what serves now', async () => {
    const c = controller();
    const op = new ControllerOperatorPort({ controller: c, readiness: readiness({}), policy });
    expect(await op.failover({ to: 'us-west-2', reason: 'x', actor: 'me', force: true })).toEqual({ accepted: true, message: 'traffic moved to us-west-2', active: ['us-west-2'] });
    expect(c.calls[0]).toEqual(['failover', 'us-west-2', { reason: 'x', actor: 'me', force: true }]);
    expect(await op.unpin({ reason: 'x', actor: 'me' })).toMatchObject({ accepted: false, message: 'nothing was pinned' });
  });

  test('a failback that changes nothing because the preferred region is DOWN is a 409 with every region, not a quiet success', async () => {
    const r = readiness({ 'us-east-1': 'DOWN' });
    const op = new ControllerOperatorPort({ controller: controller({ failback: async () => ({ changed: false, traffic: onWest }) }), readiness: r, policy });
    const refusal = await op.failback({ reason: 'x', actor: 'me', force: false }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ServiceRejection);
    expect(refusal).toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/^refused failback: us-east-1 is DOWN \(1 of 3 checker regions see it UP, 2 needed\); can be UP in about 10 s .*; traffic stays on us-west-2/),
      details: {
        problem: 'not-ready',
        regions: [
          { region: 'us-east-1', verdict: 'DOWN', serving: false },
          { region: 'us-west-2', verdict: 'UP', serving: true },
        ],
      },
    });
    expect(r.calls).toEqual([{ regions: ['us-east-1', 'us-west-2'], serving: ['us-west-2'] }]);
  });

  test('a failback that changes nothing because traffic already is where the policy prefers it is a success', async () => {
    const op = new ControllerOperatorPort({ controller: controller({ failback: async () => ({ changed: false, traffic: onEast }) }), readiness: readiness({}), policy });
    expect(await op.failback({ reason: 'x', actor: 'me', force: false })).toEqual({
      accepted: false,
      message: 'traffic is already on us-east-1, where the policy prefers it; nothing to do',
      active: ['us-east-1'],
    });
  });

  test("a readiness refusal of the controller (failover or pin to a DOWN region) carries every region's readiness", async () => {
    const refuse = async (): Promise<never> => {
      throw new ManualActionError('not-ready', 'refused manual-failover to us-east-1: us-east-1 is DOWN; traffic only moves into regions with an UP quorum verdict (pass force to override)');
    };
    const op = new ControllerOperatorPort({ controller: controller({ failover: refuse, pin: refuse }), readiness: readiness({ 'us-east-1': 'DOWN' }), policy });
    for (const call of [() => op.failover({ to: 'us-east-1', reason: 'x', actor: 'me', force: false }), () => op.pin({ region: 'us-east-1', reason: 'x', actor: 'me', force: false })]) {
      await expect(call()).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringMatching(/pass force to override\)\. Regions: us-east-1 DOWN .*; us-west-2 \(serving\) UP$/),
        details: {
          problem: 'not-ready',
          regions: [
            { region: 'us-east-1', verdict: 'DOWN', upInSeconds: 10 },
            { region: 'us-west-2', serving: true },
          ],
        },
      });
    }
  });

  test('other refusals pass through unchanged', async () => {
    const pinned = new ManualActionError('pinned', 'traffic is pinned to us-west-2');
    const op = new ControllerOperatorPort({ controller: controller({ failback: () => Promise.reject(pinned) }), readiness: readiness({}), policy });
    await expect(op.failback({ reason: 'x', actor: 'me', force: false })).rejects.toMatchObject({ kind: 'conflict', message: pinned.message, details: { problem: 'pinned' } });
  });
});
