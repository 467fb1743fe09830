// Sampling cost of the host driver: 50 jails × 10 real processes, one sample
// per second, CPU used by the sampler as a share of one core (target ≤ 2 %).
// The sampler runs as its own process (a bundled program, like an enforcing
// daemon), which measures itself; this process owns the workloads.
// Phase 1: idle workloads (sleep). Phase 2: each jail also runs a loop that
// forks a short-lived child every second, so members come and go and the
// state is rewritten at every sample. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JailProcess } from '@jails/core/backend';
import { createHostSimBackend } from '../src/index.js';
import { bundleProgram, SDK } from './bundle.js';

const JAILS = 50;
const PER_JAIL = 10;
const SECONDS = 15;

const SAMPLER = `import { createHostSampler, createSimStateStore } from ${SDK};
const [prefix, seconds, mode] = process.argv.slice(2);
const store = createSimStateStore({ prefix });
const sampler = createHostSampler({ store, enforce: 'all' });
const cost = async (full) => {
  const start = process.cpuUsage();
  for (let i = 0; i < 5; i++) await sampler.tick({ full });
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000 / 5;
};
const fullMs = mode === 'idle' ? 0 : await cost(true);
const membersMs = mode === 'idle' ? 0 : await cost(false);
const cpu = process.cpuUsage();
const wall = performance.now();
if (mode !== 'idle') sampler.start();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
await sampler.stop();
const u = process.cpuUsage(cpu);
const share = ((u.user + u.system) / 1000 / (performance.now() - wall)) * 100;
console.log(JSON.stringify({ fullMs, membersMs, share }));
`;

const work = mkdtempSync(join(tmpdir(), 'jails-bench-sample-'));
const prefix = join(work, 'prefix');
const backend = createHostSimBackend({ prefix, enforceCpu: false });
const children: JailProcess[] = [];
try {
  const program = await bundleProgram(work, 'sampler', SAMPLER);
  const run = (mode: string) =>
    JSON.parse(
      execFileSync(process.execPath, [program, prefix, String(SECONDS), mode], { encoding: 'utf8' }),
    );
  const started = Date.now();
  for (let j = 0; j < JAILS; j++) {
    const jail = await backend.createJail({
      name: `bench-${j}`,
      root: '/nonexistent',
      limits: { cpuQuotaTicks: 10_000, cpuPeriodMicros: 1_000_000, fdMax: 256 },
    });
    for (let p = 0; p < PER_JAIL; p++) {
      children.push(await backend.spawnInJail(jail.id, ['sleep', '3600'], { stdio: 'ignore' }));
    }
  }
  console.log(
    `host-sampling: ${children.length} members in ${JAILS} jails (started in ${Date.now() - started} ms)`,
  );
  const baseline = run('idle');
  console.log(
    `  an idle Node process (no sampler), for reference: ${baseline.share.toFixed(2)} % of one core`,
  );
  const report = (label: string) => {
    const r = run('sample');
    console.log(`  ${label}`);
    console.log(
      `    CPU per full sample     ${r.fullMs.toFixed(1)} ms (process table + descriptors; every 5th)`,
    );
    console.log(`    CPU per member sample   ${r.membersMs.toFixed(1)} ms (known members only)`);
    console.log(
      `    sampler at 1 Hz         ${r.share.toFixed(2)} % of one core over ${SECONDS} s   (target ≤ 2 %)`,
    );
  };
  report('idle workloads');
  for (const jail of await backend.listJails()) {
    children.push(
      await backend.spawnInJail(jail.id, ['sh', '-c', 'while :; do sleep 1; done'], { stdio: 'ignore' }),
    );
  }
  report(`plus one forking loop per jail (members change every second)`);
} finally {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await backend.dispose();
  rmSync(work, { recursive: true, force: true });
}
