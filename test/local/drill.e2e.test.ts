/**
 * A practice failover in local mode, in-process on the shared emulators: `failover drill start`
 * moves all traffic to the target (Route 53 in moto, the signals, GET /status agree), the leader
 * brings it home when the 20 s are up, and the drill report has the RTO both ways. Set
 * DRILL_REPORT_OUT to a file path to keep the Markdown report.
 */
import { writeFileSync } from 'node:fs';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { runCli } from '../../cli/main';
import type { DrillReportBody } from '../../lambdas/api/drill-schemas';
import { parseConfig } from '../../lambdas/config';
import { startLocalMode, type LocalMode } from '../../local/local-mode';
import { useEmulators } from '../support/emulators';
import { fastConfig, getStatus, waitFor } from './helpers';

const ctx = useEmulators();
let local: LocalMode;

beforeAll(async () => {
  local = await startLocalMode({ config: parseConfig(fastConfig({ service: 'local-drill-e2e' })), clients: ctx.clients, port: 0, log: () => undefined });
});
afterAll(async () => {
  await local?.stop();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { env: { FAILOVER_API_URL: local.url, FAILOVER_TOKEN: local.token, FAILOVER_CONNECTION_FILE: '/nonexistent' }, out: (t) => (out += t), err: (t) => (out += t) });
  return { code, out };
}

async function cnameValue(): Promise<string | undefined> {
  const out = await ctx.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: local.hostedZoneId }));
  return out.ResourceRecordSets?.find((r) => r.Name === 'api.e2e.example.com.' && r.Type === 'CNAME')?.ResourceRecords?.[0]?.Value;
}

test('a 20 s drill: traffic moves to us-west-2, then back home by itself; the report has the RTO both ways', async () => {
  await waitFor(
    'both regions UP by quorum',
    () => getStatus(local.url),
    (s) => s.regions.every((r) => r.verdict === 'UP'),
  );
  await waitFor('the CNAME on us-east-1', cnameValue, (v) => v === 'use1.e2e.example.com');

  const requested = Date.now();
  const started = await cli('drill', 'start', '--to', 'us-west-2', '--duration', '20s', '--reason', 'e2e practice', '--json');
  expect(started.code).toBe(0);
  const drill = JSON.parse(started.out) as DrillReportBody;
  expect(drill).toMatchObject({ outcome: 'running', target: 'us-west-2', home: { 'us-east-1': 1, 'us-west-2': 0 } });
  // The out-flip is done when start answers: Route 53 and the controller state agree at once.
  expect((await getStatus(local.url)).active).toEqual(['us-west-2']);
  expect(await cnameValue()).toBe('usw2.e2e.example.com');
  expect((await getStatus(local.url)).lastFlip).toMatchObject({ to: ['us-west-2'] });

  await waitFor(
    'traffic back on us-east-1',
    () => getStatus(local.url),
    (s) => s.active.length === 1 && s.active[0] === 'us-east-1',
    60_000,
    250,
  );
  // Automatic failback is on with a 1 s dwell and no hold-down, yet traffic stayed on the target for the drill's 20 s.
  expect(Date.now() - requested).toBeGreaterThanOrEqual(20_000);
  expect(await cnameValue()).toBe('use1.e2e.example.com');

  const shown = await waitFor(
    'the drill report of a returned drill',
    async () => JSON.parse((await cli('drill', 'show', drill.id, '--json')).out) as DrillReportBody,
    (r) => r.outcome === 'returned',
  );
  expect(shown).toMatchObject({ aborted: false, code: 'duration-elapsed', problems: [] });
  expect(shown.steps.map((s) => s.step)).toEqual(['requested', 'moving-out', 'moved-out', 'watching', 'returning', 'returned']);
  // dns-update: traffic moved when Route 53 reported INSYNC; moto answers at once.
  expect(shown.rto.out_s).toEqual(expect.any(Number));
  expect(shown.rto.back_s).toEqual(expect.any(Number));
  expect(shown.rto.out_s!).toBeGreaterThanOrEqual(0);
  expect(shown.rto.back_s!).toBeGreaterThanOrEqual(0);
  expect(shown.onTarget_s!).toBeGreaterThanOrEqual(20);
  expect(shown.legs.back).toMatchObject({ flipId: `${drill.id}.back`, mode: 'dns-update' });

  const history = JSON.parse((await cli('history', '--json')).out) as { items: { action: string }[] };
  expect(history.items.slice(0, 2).map((i) => i.action)).toEqual(['drill-return', 'drill']);

  const md = await cli('drill', 'show', drill.id, '--markdown');
  expect(md.out).toMatch(/\*\*Outcome: traffic returned home\*\* \(duration-elapsed\)/);
  if (process.env.DRILL_REPORT_OUT) writeFileSync(process.env.DRILL_REPORT_OUT, md.out);
}, 120_000);
