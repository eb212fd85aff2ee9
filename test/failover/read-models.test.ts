/**
 * The status read model explains every hold with its numbers, a pending intent with its age and
 * last apply error, the fence term, the flap budget and the hysteresis still counting (issue 16,
 * item 1), on in-memory stores.
 */
import { controllerConfig, PRIMARY, SECONDARY } from './configs';
import { memoryScenario } from './support/memory-scenario';

interface Settings {
  readonly holdDownSeconds: number;
  readonly flapWindowSeconds: number;
  readonly maxFlipsPerWindow: number;
  readonly failback: 'auto' | 'manual';
  readonly failbackDwellSeconds: number;
}
const settings: Settings = { holdDownSeconds: 300, flapWindowSeconds: 3600, maxFlipsPerWindow: 2, failback: 'auto', failbackDwellSeconds: 600 };

function setup(failover: Partial<Settings> = {}) {
  const s = memoryScenario(controllerConfig('svc', 'dns-update', { failover: { ...settings, ...failover } }));
  return { s, leader: s.controller({ term: 4 }).service, api: s.controller({ term: undefined }).service };
}

describe('status explains what automation would do now and why', () => {
  it('fail-static: both regions DOWN, with their verdicts', async () => {
    const { s, api } = setup();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'DOWN');
    expect((await api.status()).automation).toMatchObject({ action: 'decide', decision: { kind: 'hold', code: 'fail-static', facts: { regions: { [PRIMARY]: 'DOWN', [SECONDARY]: 'DOWN' } } } });
  });

  it('hold-down of a failback: seconds left and when it lifts; flips used in the flap window; fence term', async () => {
    const { s, leader, api } = setup();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP', s.clock.wallMs() - 3_600_000);
    await leader.tick('stream');
    s.clock.advance(100_000);
    s.verdicts.set(PRIMARY, 'UP', s.clock.wallMs() - 700_000);
    const status = await api.status();
    expect(status.automation).toMatchObject({ decision: { code: 'hold-down', facts: { secondsLeft: 200, until: s.clock.wallMs() + 200_000 } } });
    expect(status).toMatchObject({ fenceTerm: 4, flapWindow: { flips: 1, max: 2, windowSeconds: 3600 } });
  });

  it('flap damping: until when, and the flips used', async () => {
    const { s, leader, api } = setup({ holdDownSeconds: 0, maxFlipsPerWindow: 1 });
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    await leader.tick('stream');
    const flippedAt = s.clock.wallMs();
    s.clock.advance(60_000);
    s.verdicts.set(PRIMARY, 'UP', s.clock.wallMs() - 700_000);
    expect((await api.status()).automation).toMatchObject({ decision: { code: 'flap-damping', facts: { flipsInWindow: 1, maxFlipsPerWindow: 1, until: flippedAt + 3_600_000 } } });
  });

  it('failback pending: manual (which region waits) or the dwell remaining', async () => {
    const manual = setup({ failback: 'manual' });
    manual.s.verdicts.set(PRIMARY, 'DOWN');
    manual.s.verdicts.set(SECONDARY, 'UP');
    await manual.leader.tick('stream');
    manual.s.clock.advance(400_000);
    manual.s.verdicts.set(PRIMARY, 'UP');
    expect((await manual.api.status()).automation).toMatchObject({ decision: { code: 'failback-manual', facts: { waiting: [PRIMARY] } } });

    const auto = setup();
    auto.s.verdicts.set(PRIMARY, 'DOWN');
    auto.s.verdicts.set(SECONDARY, 'UP');
    await auto.leader.tick('stream');
    auto.s.clock.advance(400_000);
    auto.s.verdicts.set(PRIMARY, 'UP', auto.s.clock.wallMs() - 100_000);
    expect((await auto.api.status()).automation).toMatchObject({ decision: { code: 'failback-dwell', facts: { waiting: [PRIMARY], secondsLeft: 500 } } });
  });

  it('pinned: by whom, where and why', async () => {
    const { s, api } = setup();
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.set(SECONDARY, 'UP');
    await api.pin(SECONDARY, { reason: 'maintenance of us-east-1', actor: 'alice' });
    expect((await api.status()).automation).toMatchObject({ decision: { code: 'pinned', facts: { pin: { region: SECONDARY, actor: 'alice', reason: 'maintenance of us-east-1' } } } });
  });

  it('a pending intent: its age and last apply error, and whether the next tick applies or supersedes it', async () => {
    const { s, leader, api } = setup();
    s.verdicts.set(PRIMARY, 'DOWN');
    s.verdicts.set(SECONDARY, 'UP');
    s.dns.failing = new Error('Throttling: Rate exceeded');
    await leader.tick('stream');
    s.clock.advance(45_000);
    await leader.tick('stream');
    const pending = await api.status();
    expect(pending.pendingFlip).toMatchObject({ cause: 'failover', actor: 'controller@us-east-1', ageSeconds: 45, lastError: { attempts: 2, message: expect.stringMatching(/Throttling/) } });
    expect(pending.automation).toMatchObject({ action: 'roll-forward', detail: expect.stringMatching(/still valid.*last apply failed 2 time/) });
    s.verdicts.set(SECONDARY, 'DOWN');
    expect((await api.status()).automation).toMatchObject({ action: 'supersede', detail: expect.stringMatching(/no longer valid.*us-west-2 is DOWN/) });
  });

  it('per region, how many checkers count toward DOWN or UP, from the verdict source', async () => {
    const { s, api } = setup();
    s.verdicts.set(PRIMARY, 'UP');
    s.verdicts.progress = { [PRIMARY]: [{ toward: 'DOWN', checkers: 1, quorum: 2, streaks: [{ checker: 'eu-west-1', count: 2, threshold: 3 }] }] };
    expect((await api.status()).progress).toEqual(s.verdicts.progress);
  });
});
