/**
 * Benchmark: resident memory of an idle detached supervisor (a host may run a
 * hundred of them). Starts the daemon from the built package (dist/, run
 * `npm run build -w @jails/core` first; the source-mode figure, with the
 * TypeScript loader, is printed for comparison), supervising `sleep`, lets it
 * settle, and reads its RSS. Asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Core = typeof import('../src/index.js');

const here = import.meta.dirname;
const dist = join(here, '../dist/index.js');
const jail = { id: 3, name: 'web' };

/** RSS, PSS (shared pages split among sharers) and private memory, from smaps_rollup. */
function memory(pid: number): string {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    const mib = (n: number) => `${(n / 1024).toFixed(1)} MiB`;
    return `RSS ${mib(kib('Rss'))}, PSS ${mib(kib('Pss'))}, private ${mib(kib('Private_Clean') + kib('Private_Dirty'))}`;
  } catch {
    return 'n/a (no /proc)';
  }
}

async function measure(
  label: string,
  core: Core,
  backendModule: string,
  syslog: boolean,
  nodeOptions: string[] = [],
): Promise<void> {
  const stateDir = await mkdtemp(join(tmpdir(), 'jails-rss-'));
  try {
    const daemon = await core.superviseDetached({
      backend: { module: backendModule, options: { jails: [jail] } },
      jail,
      argv: ['sleep', '3600'],
      stateDir,
      // a udp target needs no daemon and no native addon; the unix one loads unix-dgram
      syslog: syslog ? { target: 'udp://127.0.0.1:9' } : false,
      nodeOptions,
    });
    await new Promise((r) => setTimeout(r, 3000));
    console.log(`idle supervisor, ${label}: ${memory(daemon.pid)}`);
    await core.stopSupervisor({ stateDir, jailId: jail.id });
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

if (existsSync(dist)) {
  const core = (await import(pathToFileURL(dist).href)) as Core;
  const backend = pathToFileURL(join(here, 'support/host-backend.mjs')).href;
  await measure('built package, syslog on', core, backend, true);
  await measure('built package, syslog off', core, backend, false);
} else {
  console.log('idle supervisor RSS, built package: skipped (no dist/: run npm run build -w @jails/core)');
}
const bare = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 1500));
console.log(`for comparison, an idle bare node process: ${memory(bare.pid!)}`);
bare.kill();
const source = (await import('../src/index.js')) as Core;
const tsBackend = pathToFileURL(join(here, '../src/supervise/test-support/host-spawn-backend.ts')).href;
await measure('from sources with the tsx loader', source, tsBackend, true);
