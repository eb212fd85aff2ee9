/**
 * `npm run bench -- <name>`: runs bench/<name>.ts, writes bench/results/<name>.json with the
 * settings and machine the figures came from, and prints a table.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join, resolve } from 'node:path';

interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

function machine(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpu_model: cpu[0]?.model ?? 'unknown',
    cpu_count: cpu.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
  };
}

function printTable(name: string, results: Record<string, unknown>): void {
  const rows = Object.entries(results).filter(([, v]) => typeof v !== 'object' || v === null);
  const width = Math.max(...rows.map(([k]) => k.length), 10);
  console.log(`\n${name}`);
  console.log(`${'metric'.padEnd(width)}  value`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(16)}`);
  for (const [key, value] of rows) {
    const shown = typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(4) : String(value);
    console.log(`${key.padEnd(width)}  ${shown}`);
  }
}

async function main(): Promise<void> {
  const [name, ...flags] = process.argv.slice(2);
  const file = name ? resolve(__dirname, `${name}.ts`) : '';
  if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
    console.error('usage: npm run bench -- <name> [--save-reference]   (a file bench/<name>.ts exporting run())');
    process.exit(2);
  }
  const mod = (await import(file)) as BenchModule;
  const results = await mod.run();
  const out = { name, machine: machine(), ...results };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
  printTable(name, results);
  console.log(`\nwrote bench/results/${name}.json (not tracked)`);
  // The committed reference copy changes only when a figure changes on purpose.
  if (flags.includes('--save-reference')) {
    const reference = join(__dirname, 'reference');
    mkdirSync(reference, { recursive: true });
    copyFileSync(join(dir, `${name}.json`), join(reference, `${name}.json`));
    console.log(`saved bench/reference/${name}.json`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
