// Listing 1,000 jails from the persistent state in a fresh process: the time
// beyond Node's own start-up (target ≤ 50 ms). The listing program is bundled
// with esbuild first, as a published build would be, so TypeScript
// compilation is not measured. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_ROOT, SimKernel } from '../src/index.js';
import { createSimStateStore } from '../src/store/state-store.js';
import { bundleProgram, SDK } from './bundle.js';

const JAILS = 1000;
const RUNS = 15;

const work = mkdtempSync(join(tmpdir(), 'jails-bench-list-'));
try {
  const prefix = join(work, 'prefix');
  await createSimStateStore({ prefix }).update((doc) => {
    const kernel = new SimKernel({ state: doc.kernel });
    for (let i = 0; i < JAILS; i++) {
      kernel.create(HOST_ROOT, {
        name: `jail-${i}`,
        root: `/var/jails/jail-${i}`,
        limits: { memoryMaxBytes: 512 * 2 ** 20, fdMax: 1024, cpuQuotaTicks: 50, cpuPeriodMicros: 1_000_000 },
        reservedPorts: [20_000 + i],
      });
    }
  });

  const bundle = await bundleProgram(
    work,
    'list',
    `import { createHostSimBackend } from ${SDK};
const loaded = performance.now();
const jails = await createHostSimBackend({ prefix: process.argv[2] }).listJails();
if (jails.length !== ${JAILS}) throw new Error('listed ' + jails.length);
if (process.argv[3]) console.log(JSON.stringify({ loaded, listMs: performance.now() - loaded }));\n`,
  );
  const empty = join(work, 'empty.mjs');
  writeFileSync(empty, '');

  const time = (file: string, args: string[] = []) => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [file, ...args], { stdio: 'inherit' });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  time(bundle, [prefix]); // warm the page cache
  const base: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(time(empty));
    list.push(time(bundle, [prefix]));
  }
  const phases = JSON.parse(execFileSync(process.execPath, [bundle, prefix, 'phases'], { encoding: 'utf8' }));
  const b = median(base);
  const l = median(list);
  console.log(`host-listing: ${JAILS} jails, fresh process, median of ${RUNS}`);
  console.log(`  node start-up (empty script)   ${b.toFixed(1)} ms`);
  console.log(`  listing process                ${l.toFixed(1)} ms`);
  console.log(`  beyond start-up                ${(l - b).toFixed(1)} ms   (target ≤ 50 ms)`);
  console.log(
    `    of which listJails() itself  ${phases.listMs.toFixed(1)} ms (one run; the rest is loading the SDK)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
