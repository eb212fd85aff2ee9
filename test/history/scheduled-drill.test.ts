/** A scheduled drill starts only when enabled and inside its window, to the configured or first non-serving region. */
import { runScheduledDrill } from '../../lambdas/history/scheduled-drill';
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import { drillScenario } from './support/drill-scenario';
import type { FailoverConfigInput } from '../../lambdas/config';

const TUESDAY_10 = Date.parse('2026-12-01T10:00:00Z');

function setUp(drills: FailoverConfigInput['drills'], at = TUESDAY_10) {
  const s = drillScenario(controllerConfig('svc', 'health-signal', { drills }));
  s.clock.now = at;
  s.verdicts.set(PRIMARY, 'UP');
  s.verdicts.set(SECONDARY, 'UP');
  const api = s.api();
  return { s, run: () => runScheduledDrill({ runner: api.runner, state: s.store, config: s.config, clock: s.clock }) };
}

describe('runScheduledDrill', () => {
  it('inside the window: a drill to the first region without traffic, for the configured minutes, by drill-schedule', async () => {
    const { s, run } = setUp({ schedule: { enabled: true, durationMinutes: 15 } });
    expect(await run()).toMatchObject({ outcome: 'started', report: { target: SECONDARY, duration_s: 900, actor: 'drill-schedule', reason: 'scheduled drill (cron(0 10 ? * TUE *))' } });
    expect((await s.store.load())?.traffic).toEqual({ [PRIMARY]: 0, [SECONDARY]: 1 });
  });

  it('outside the window, or disabled, nothing moves and the answer says why', async () => {
    expect(await setUp({ schedule: { enabled: true } }, Date.parse('2026-12-05T10:00:00Z')).run()).toEqual({ outcome: 'outside-window', reason: 'SAT is not an allowed day (MON, TUE, WED, THU)' });
    const disabled = setUp({});
    expect(await disabled.run()).toEqual({ outcome: 'disabled', reason: 'drills.schedule.enabled is false' });
    expect(disabled.s.store.committedIntents()).toEqual([]);
  });

  it('a refused pre-check is reported, not thrown', async () => {
    const { s, run } = setUp({ schedule: { enabled: true, target: SECONDARY } });
    s.verdicts.set(SECONDARY, 'DOWN');
    expect(await run()).toMatchObject({ outcome: 'refused', report: { code: 'target-not-up' } });
  });
});
