/** `failover topology`: the region-loss matrix of a config file, with no API running. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { example } from '../lib/support/apps';

const dir = mkdtempSync(join(tmpdir(), 'failover-topology-'));
// No API anywhere: the command must not look for one.
const env = { FAILOVER_CONNECTION_FILE: join(dir, 'none.json') };

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

function configFile(overrides: Record<string, unknown>): string {
  const file = join(dir, `config-${Object.keys(overrides).join('-')}.json`);
  writeFileSync(file, JSON.stringify({ ...example, ...overrides }));
  return file;
}

describe('failover topology', () => {
  test('prints the example matrix: every region survivable, with the replica order of each region', async () => {
    const { code, out } = await cli(['topology', join(__dirname, '..', '..', 'failover.config.json')]);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/LOST\s+RUNS THERE\s+FAILOVER\s+CHECKERS\s+CAN LEAD/);
    expect(out).toMatch(/us-east-1\s+app checker controller\+api replica route53\s+yes\s+2 vote, need 2\s+us-west-2 eu-west-1\(1\/min\)\s+us-west-2 2\/2\s+not needed, lost\s+SURVIVES/);
    expect(out).toMatch(/us-east-2\s+replica\s+no\s+3 vote, need 2/);
    expect(out).toContain('eu-west-1: us-east-2 → us-east-1 → us-west-2');
    expect(out).toContain('every single-region loss is survivable');
  });

  test('says why a loss is blocked, and --json gives the whole analysis', async () => {
    const file = configFile({ dns: { ...example.dns, flipMode: 'dns-update' } });
    const human = await cli(['topology', file]);
    expect(human.code).toBe(EXIT.ok);
    expect(human.out).toMatch(/us-east-1\s.*BLOCKED/);
    expect(human.out).toMatch(/us-east-1 \(blocked\): dns\.flipMode is dns-update/);
    const json = await cli(['topology', file, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ service: 'shop-api', flipMode: 'dns-update', losses: expect.arrayContaining([expect.objectContaining({ lost: 'us-east-1', outcome: 'blocked' })]) });
  });

  test('states plainly that single-region coordination cannot survive the loss of its table region', async () => {
    const { out } = await cli(['topology', configFile({ coordination: { mode: 'single-region', regions: ['us-east-1'] } })]);
    expect(out).toMatch(/us-east-1 \(accepted\): single-region coordination keeps every table in us-east-1 alone/);
  });

  test('a bad config file is a usage error listing its problems', async () => {
    const { code, err } = await cli(['topology', configFile({ checkerRegions: ['us-east-1'] })]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/checkerRegions: expected at least 3 checker regions/);
  });
});
