/**
 * `bin/app.ts` (what `cdk synth` runs) refuses an invalid config before synthesizing anything and
 * lists every problem at once.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, example } from './support/apps';

const run = promisify(execFile);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'failover-bin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function synthWith(config: unknown): Promise<{ code: number; stderr: string }> {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  try {
    await run(process.execPath, ['--import', 'tsx', join(REPO, 'bin/app.ts')], {
      cwd: REPO,
      env: { ...process.env, FAILOVER_CONFIG: file, CDK_OUTDIR: join(dir, 'out') },
      timeout: 60_000,
    });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
}

describe('bin/app.ts', () => {
  it('exits 1 listing every config problem with its path', async () => {
    const bad = {
      ...example,
      coordination: { mode: 'mrec', regions: ['us-east-1', 'us-west-2'] },
      checkerRegions: ['us-east-1', 'us-west-2'],
      appRegions: [{ ...example.appRegions[0], endpoint: { ...example.appRegions[0]?.endpoint, port: 70000 } }, example.appRegions[1]],
    };
    const { code, stderr } = await synthWith(bad);
    expect(code).toBe(1);
    expect(stderr).toMatch(/has [3-9] problems/);
    expect(stderr).toContain('coordination.mode');
    expect(stderr).toMatch(/MREC/);
    expect(stderr).toContain('checkerRegions');
    expect(stderr).toContain('appRegions[0].endpoint.port: expected 1–65535, got 70000');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // a report, not a stack trace
  }, 60_000);

  it('refuses a topology in which losing one region blocks failing over away from it, naming the region and why', async () => {
    const { code, stderr } = await synthWith({ ...example, dns: { ...example.dns, flipMode: 'dns-update' } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/losing this region would block failing over away from it:\n {2}- us-east-1: dns\.flipMode is dns-update/);
    expect(stderr).toContain('"acceptRegionLoss": ["us-east-1"]');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);

  it('reports unreadable JSON as a config problem too', async () => {
    const { code, stderr } = await synthWith('{ "service": ');
    expect(code).toBe(1);
    expect(stderr).toContain('invalid JSON');
  }, 60_000);
});
