/**
 * `failover incidents` and `failover report` against the real app on 127.0.0.1, the real report
 * builder and an in-memory Events table holding one worked incident (the one docs/history.md
 * computes by hand): the tables people read, --json, and usage errors before any request.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../lambdas/api/app';
import { HistoryReportPort } from '../../lambdas/api/report-port';
import { MemoryEventStore } from '../../lambdas/history';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { humanDuration } from '../../cli/format-report';
import { serveApp, type ServedApp } from '../../local/serve';
import { fakeServices } from '../api/fake-services';
import { historyConfig } from '../history/support/config';
import { A, HOUR, ON_A, ON_B, S, T0, flipEvents, outageEvents } from '../history/support/events';

const TOKEN = 'cli-history-token';
const NOW = T0 + 10 * HOUR;
const FIRST_FAILED = T0 + 2 * HOUR;
let served: ServedApp;
let env: NodeJS.ProcessEnv;
const requests: string[] = [];

beforeAll(async () => {
  const store = new MemoryEventStore();
  for (const e of [...outageEvents(A, FIRST_FAILED, FIRST_FAILED + 10 * S, FIRST_FAILED + HOUR), ...flipEvents('f1', FIRST_FAILED + 10_500, FIRST_FAILED + 10_800, ON_A, ON_B)]) await store.put(e);
  const reports = new HistoryReportPort({ store, config: historyConfig(), clock: { wallMs: () => NOW } });
  const watched = {
    report: (q: Parameters<HistoryReportPort['report']>[0]) => (requests.push(`report ${q.windowMs}`), reports.report(q)),
    incidents: (q: Parameters<HistoryReportPort['incidents']>[0]) => (requests.push(`incidents ${q.windowMs} ${q.region ?? ''}`), reports.incidents(q)),
  };
  served = await serveApp(createApp({ ...fakeServices(), reports: watched }, { auth: { kind: 'bearer', token: TOKEN } }), { port: 0 });
  env = { FAILOVER_API_URL: served.url, FAILOVER_TOKEN: TOKEN, FAILOVER_CONNECTION_FILE: join(mkdtempSync(join(tmpdir(), 'failover-cli-')), 'none.json') };
});
afterAll(() => served.close());
beforeEach(() => {
  requests.length = 0;
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('failover incidents and failover report', () => {
  test('incidents prints one row per outage with its detect, decide, flip, RTO and downtime seconds', async () => {
    const { code, out } = await cli(['incidents', '--window', '1d']);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/started \(first failed probe\)\s+region\s+detect_s\s+decide_s\s+flip_s\s+rto_s\s+downtime_s\s+lasted\s+flips/);
    expect(out).toMatch(/2025-01-01T02:00:00Z\s+us-east-1\s+10\.0\s+0\.5\s+0\.3\s+20\.8\s+20\.8\s+1\.0 h\s+f1/);
    expect(out).toContain('traffic moved = flip committed + Route 53 signal checks');
    expect(requests).toEqual([`incidents ${86_400_000} `]);
  });

  test('incidents --region passes the filter; none found says so', async () => {
    const { code, out } = await cli(['incidents', '--region', 'us-west-2']);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('no incidents');
    expect(requests).toEqual([`incidents ${30 * 86_400_000} us-west-2`]);
  });

  test('report prints availability per region and for the service, the budget left and the model beside the measurement', async () => {
    const { code, out } = await cli(['report', '--window', '1d']);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/scope\s+failures\s+MTBF\s+MTTR\s+availability\s+uptime\s+nines\s+downtime\s+budget left/);
    // us-east-1: down 1 h of the day: MTBF 23 h, MTTR 1 h, A = 23/24; the budget (0.05 % of a day = 43.2 s) is overspent.
    expect(out).toMatch(/us-east-1\s+1\s+23\.0 h\s+1\.0 h\s+95\.8333%\s+95\.8333%\s+1\.38\s+1\.0 h\s+overspent by 59\.3 min/);
    // The service was down only until traffic moved: 20.8 s; MTBF = (1 d − 20.8 s) / 1.
    expect(out).toMatch(/service\s+1\s+24\.0 h\s+20\.8 s\s+99\.9759%\s+99\.9759%\s+3\.62\s+20\.8 s\s+22\.4 s \(51\.9%\)/);
    expect(out).toMatch(/us-west-2\s+0\s+-\s+-\s+100\.0000%\s+100\.0000%\s+∞/);
    expect(out).toMatch(/single region\s+\d+\.\d{4}%/);
    expect(out).toMatch(/with failover\s+\d+\.\d{4}%.*x less downtime/);
    expect(out).toContain('1 incident (failover incidents lists them), 1 flip completed');
  });

  test('report --json prints the API answer unchanged', async () => {
    const { code, out } = await cli(['report', '--json']);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(out)).toMatchObject({ service: 'shop-api', slo: 0.9995, availability: { regions: { [A]: { failures: 1 } } }, model: { regionCount: 2 } });
  });

  test.each([
    [['report', '--window', '30 days'], /--window "30 days": expected a length such as 30d/],
    [['report', '--window', '401d'], /at most 400d/],
    [['incidents', '--end', 'last tuesday'], /--end "last tuesday": expected an ISO 8601 time/],
  ])('%j is a usage error before any request', async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
    expect(requests).toEqual([]);
  });

  test('durations read at a glance', () => {
    expect([humanDuration(20.8), humanDuration(600), humanDuration(5400), humanDuration(2 * 86_400), humanDuration(null)]).toEqual(['20.8 s', '10.0 min', '1.5 h', '2.0 d', '-']);
  });
});
