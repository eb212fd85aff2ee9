/** `failover drill start|abort|show` against the real app on 127.0.0.1 over a real drill runner (in-memory stores). */
import { createApp } from '../../lambdas/api/app';
import { RunnerDrillsPort } from '../../lambdas/api/drill-port';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { serveApp, type ServedApp } from '../../local/serve';
import { fakeServices } from '../api/fake-services';
import { controllerConfig, PRIMARY, SECONDARY } from '../failover/configs';
import { drillScenario, SIGNAL_CHECK, type DrillScenario } from '../history/support/drill-scenario';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = 'cli-drill-token';
let served: ServedApp;
let s: DrillScenario;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  s = drillScenario(controllerConfig('svc', 'health-signal'));
  s.verdicts.set(PRIMARY, 'UP');
  s.verdicts.set(SECONDARY, 'UP');
  const services = { ...fakeServices(), drills: new RunnerDrillsPort({ runner: s.api().runner, events: s.events, signalCheck: SIGNAL_CHECK }) };
  served = await serveApp(createApp(services, { auth: { kind: 'bearer', token: TOKEN } }), { port: 0 });
  env = { FAILOVER_API_URL: served.url, FAILOVER_TOKEN: TOKEN, FAILOVER_CONNECTION_FILE: join(mkdtempSync(join(tmpdir(), 'failover-cli-')), 'none.json') };
});
afterEach(() => served.close());

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('failover drill', () => {
  test('start prints where the drill stands and the RTO out; abort brings traffic back; show --markdown prints the report', async () => {
    const started = await cli(['drill', 'start', '--to', SECONDARY, '--duration', '10m', '--reason', 'game day']);
    expect(started).toMatchObject({ code: EXIT.ok, err: '' });
    expect(started.out).toMatch(/^drill drill-1: us-east-1 → us-west-2 for 600 s, running: watching us-west-2 for 600 s\nRTO out 20\.0 s, back —; traffic on target —\n/);

    const aborted = await cli(['drill', 'abort', 'drill-1', '--reason', 'pager']);
    expect(aborted.code).toBe(EXIT.ok);
    expect(aborted.out).toMatch(/returned \(early\)/);
    expect(aborted.out).toMatch(/what went wrong:\n {2}- returned early \(operator-abort\)/);

    const md = await cli(['drill', 'show', 'drill-1', '--markdown']);
    expect(md.code).toBe(EXIT.ok);
    expect(md.out).toMatch(/^# Drill drill-1: us-east-1 → us-west-2\n/);
    const json = JSON.parse((await cli(['drill', 'show', 'drill-1', '--json'])).out) as { rto: unknown };
    expect(json.rto).toEqual({ out_s: 20, back_s: 20 });
  });

  test('a refused pre-check exits 3 and says which check failed', async () => {
    s.verdicts.set(SECONDARY, 'DOWN');
    const res = await cli(['drill', 'start', '--to', SECONDARY, '--duration', '10m', '--reason', 'game day']);
    expect(res.code).toBe(EXIT.rejected);
    expect(res.err).toMatch(/HTTP 409: drill refused by the pre-checks \(target-not-up\): us-west-2 is DOWN/);
  });

  test.each([
    [['drill'], /missing what to do; expected start, abort or show/],
    [['drill', 'strat'], /unknown drill action "strat"; expected start, abort or show.*start/],
    [['drill', 'start', '--to', SECONDARY, '--reason', 'x'], /--duration is required/],
    [['drill', 'start', '--to', SECONDARY, '--duration', '3s', '--reason', 'x'], /--duration "3s": expected between 10s and 24h/],
    [['drill', 'start', '--to', SECONDARY, '--duration', '10m'], /--reason is required/],
    [['drill', 'abort', '--reason', 'x'], /drill abort needs the drill id/],
    [['drill', 'show'], /drill show needs the drill id/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const res = await cli(argv);
    expect(res.code).toBe(EXIT.usage);
    expect(res.err).toMatch(message);
  });

  test('an unknown drill exits 3', async () => {
    expect((await cli(['drill', 'show', 'drill-9'])).code).toBe(EXIT.rejected);
  });
});
