/**
 * The region processes run one JavaScript file, bundled from role-main.ts once per local-mode start
 * with esbuild (npm packages stay external and load from node_modules). Transpiling the TypeScript
 * in every process instead would cost each of them seconds on a small machine.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../connection-file';

export interface RoleBundle {
  readonly file: string;
  remove(): void;
}

export async function bundleRoleMain(): Promise<RoleBundle> {
  // Inside the project, so `require` of packages resolves from its node_modules.
  const parent = join(PROJECT_ROOT, '.emulators');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'regions-'));
  const file = join(dir, 'role-main.js');
  await build({
    entryPoints: [join(__dirname, 'role-main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
