/**
 * Losing each region of the example topology whole, in regional local mode: the region's checker,
 * controller, API and demo backend are SIGKILLed and its replica endpoint refuses connections.
 * Each time the service reaches the right decision (flip away when the lost region was active,
 * otherwise no flip), every surviving region's signal endpoint answers as Route 53 needs (200 for
 * the serving region from at least the threshold of endpoints, 503 for the others), and no audit
 * entry is lost. Between losses: heal, and fail back by hand (failback is manual).
 */
import { analyzeRegionLoss, faultDomains } from '../../../lambdas/platform/topology';
import { waitFor } from '../helpers';
import { fastExample, flips, startHarness, type Harness } from './harness';
import { useEmulators } from '../../support/emulators';

useEmulators();
const config = fastExample();
const analysis = analyzeRegionLoss(config);
const appRegions = config.appRegions.map((a) => a.region);
const priority = config.policy.mode === 'active-passive' ? config.policy.priority : appRegions;
let h: Harness;
/** Active-set changes seen by polling, to compare with the flip entries in the audit trail. */
let flipsWitnessed = 0;

beforeAll(async () => {
  h = await startHarness(config);
  await h.settled();
}, 180_000);
afterAll(async () => {
  await h?.stop();
});

async function observeNoFlip(active: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect((await h.status()).active).toEqual([active]);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each(faultDomains(config))('losing %s whole', (lost) => {
  it('reaches the right decision, keeps the signals Route 53 needs, and loses no audit entry', async () => {
    const before = await h.status();
    const [active] = before.active;
    const auditBefore = await h.history();
    const leaderWasHere = before.leader?.holder === lost;

    const killed = await h.chaos({ action: 'kill-region', region: lost });
    expect(killed.regions.find((r) => r.region === lost)).toMatchObject({ lost: true });

    let serving = active ?? '';
    if (lost === active) {
      const after = await waitFor(
        `the flip away from ${lost}`,
        () => h.status(),
        (s) => s.active.length === 1 && s.active[0] !== lost,
        45_000,
        200,
      );
      serving = after.active[0] ?? '';
      flipsWitnessed += 1;
      expect(after.lastFlip?.reason).toMatch(new RegExp(`${lost} is DOWN`));
    } else {
      // Long enough to detect a failure (2 probes), let observations go stale (3 s) and take over a lost leader's lease (3 s).
      await observeNoFlip(serving, leaderWasHere ? 9000 : 6000);
    }
    expect(analysis.losses.find((l) => l.lost === lost)?.outcome).toBe('survives');

    // Route 53's view: every surviving API vouches for the serving region and against the others.
    const threshold = analysis.signals?.threshold ?? 0;
    const apis = Object.keys(h.local.apiUrls);
    const survivors = apis.filter((r) => r !== lost);
    const forServing = await Promise.all(apis.map((api) => h.signal(api, serving)));
    expect(Object.fromEntries(apis.map((api, i) => [api, forServing[i]]))).toEqual(Object.fromEntries(apis.map((api) => [api, api === lost ? undefined : 200])));
    expect(survivors.length).toBeGreaterThanOrEqual(threshold);
    for (const other of appRegions.filter((r) => r !== serving)) {
      for (const api of survivors) expect([api, other, await h.signal(api, other)]).toEqual([api, other, 503]);
    }

    // Back to normal: heal, wait for every region, fail back by hand when the active region moved.
    await h.chaos({ action: 'heal' });
    await h.settled();
    if (serving !== priority[0]) {
      const res = await h.post('/failback', { reason: `drill over: ${lost} is back` });
      expect(res.status).toBe(200);
      await waitFor(
        'the failback',
        () => h.status(),
        (s) => s.active[0] === priority[0],
        20_000,
        200,
      );
      flipsWitnessed += 1;
    }

    // No audit write lost: both chaos commands, and one flip entry per witnessed flip.
    const auditAfter = await h.history();
    const added = auditAfter.slice(0, auditAfter.length - auditBefore.length);
    expect(added.filter((e) => e.action === 'chaos').map((e) => e.reason)).toEqual([expect.stringMatching(/^heal: undid/), expect.stringMatching(new RegExp(`^kill-region ${lost}:`))]);
    expect(flips(auditAfter)).toHaveLength(flipsWitnessed);
  }, 180_000);
});
