/** `failover chaos`: parses each command, talks only to a local API, prints the state it gets back. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../lambdas/api/app';
import { chaosRoutes } from '../../lambdas/api/chaos-routes';
import { runCli } from '../../cli/main';
import { EXIT } from '../../cli/errors';
import { serveApp, type ServedApp } from '../../local/serve';
import { fakeChaos } from '../api/fake-chaos';
import { fakeServices } from '../api/fake-services';

const TOKEN = 'cli-chaos-token';
const chaos = fakeChaos();
let served: ServedApp;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  served = await serveApp(createApp({ ...fakeServices(), chaos }, { auth: { kind: 'bearer', token: TOKEN }, localRoutes: chaosRoutes }), { port: 0 });
  env = { FAILOVER_API_URL: served.url, FAILOVER_TOKEN: TOKEN, FAILOVER_CONNECTION_FILE: join(mkdtempSync(join(tmpdir(), 'failover-chaos-')), 'none.json') };
});
afterAll(() => served.close());

async function cli(argv: string[], overrides: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env: { ...env, ...overrides }, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('failover chaos', () => {
  test.each([
    [['chaos', 'kill-region', 'us-east-1'], { action: 'kill-region', region: 'us-east-1' }],
    [['chaos', 'partition', 'eu-west-1', 'us-east-1'], { action: 'partition', checker: 'eu-west-1', target: 'us-east-1' }],
    [['chaos', 'replica-down', 'us-west-2'], { action: 'replica-down', region: 'us-west-2' }],
    [['chaos', 'latency', 'us-west-2', '250'], { action: 'latency', region: 'us-west-2', ms: 250 }],
    [['chaos', 'route53', 'throttle'], { action: 'route53', mode: 'throttle' }],
    [['chaos', 'pause-controller', 'us-east-1'], { action: 'pause-controller', region: 'us-east-1' }],
    [['chaos', 'resume-controller', 'us-east-1'], { action: 'resume-controller', region: 'us-east-1' }],
    [['chaos', 'crash-controller', 'us-east-1'], { action: 'crash-controller', region: 'us-east-1' }],
    [['chaos', 'stop-checker', 'us-west-2'], { action: 'stop-checker', region: 'us-west-2' }],
    [['chaos', 'heal'], { action: 'heal' }],
  ])('%j sends %j', async (argv, command) => {
    const before = chaos.commands.length;
    const { code, out } = await cli(argv);
    expect(code).toBe(EXIT.ok);
    expect(chaos.commands.slice(before).map((c) => c.command)).toEqual([command]);
    expect(out).toContain(`${command.action} done`);
  });

  test('without an action shows the faults and each region', async () => {
    await cli(['chaos', 'kill-region', 'us-west-2']);
    const { code, out } = await cli(['chaos']);
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/faults\s+us-west-2 lost/);
    expect(out).toMatch(/us-west-2\s+LOST controller:crashed/);
    await cli(['chaos', 'heal']);
  });

  test('a malformed command is a usage error listing the commands, and nothing is sent', async () => {
    const before = chaos.commands.length;
    for (const argv of [
      ['chaos', 'latency', 'us-east-1', 'soon'],
      ['chaos', 'route53', 'sideways'],
      ['chaos', 'explode'],
      ['chaos', 'partition', 'eu-west-1'],
    ]) {
      const { code, err } = await cli(argv);
      expect(code).toBe(EXIT.usage);
      expect(err).toContain('failover chaos kill-region <region>');
    }
    expect(chaos.commands.length).toBe(before);
  });

  test('refuses a target that is not local mode before sending anything', async () => {
    const before = chaos.commands.length;
    const { code, err } = await cli(['chaos', 'kill-region', 'us-east-1'], { FAILOVER_API_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com/v1', FAILOVER_TOKEN: '' });
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/chaos commands work only against local mode \(npm run local\)/);
    expect(chaos.commands.length).toBe(before);
  });

  test('a region the local deployment does not have is refused by the API', async () => {
    const { code, err } = await cli(['chaos', 'kill-region', 'eu-west-3']);
    expect(code).toBe(EXIT.rejected);
    expect(err).toMatch(/HTTP 404: no region eu-west-3/);
  });
});
