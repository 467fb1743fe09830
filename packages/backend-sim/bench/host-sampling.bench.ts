// Sampling cost of the host driver: 50 jails × 10 real processes, one sample
// per second, CPU used by the sampler as a share of one core (target ≤ 2 %).
// Phase 1: idle workloads (sleep). Phase 2: each jail also runs a loop that
// forks a short-lived child every second, so members come and go and the
// state is rewritten at every sample. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { JailProcess } from '@jails/core/backend';
import { createHostSampler, createHostSimBackend } from '../src/index.js';

const JAILS = 50;
const PER_JAIL = 10;
const SECONDS = 10;

const prefix = mkdtempSync(join(tmpdir(), 'jails-bench-sample-'));
const backend = createHostSimBackend({ prefix, enforceCpu: false });
const children: JailProcess[] = [];
try {
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
    `host-sampling: started ${children.length} members in ${JAILS} jails in ${Date.now() - started} ms`,
  );

  const sampler = createHostSampler({ store: backend.store, enforce: 'all' });
  const measure = async (label: string) => {
    const cost = async (full: boolean) => {
      const ticks: number[] = [];
      for (let i = 0; i < 5; i++) {
        const cpu = process.cpuUsage();
        await sampler.tick({ full });
        const used = process.cpuUsage(cpu);
        ticks.push((used.user + used.system) / 1000);
      }
      return ticks.reduce((a, b) => a + b, 0) / ticks.length;
    };
    const fullMs = await cost(true);
    const membersMs = await cost(false);
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    sampler.start();
    await sleep(SECONDS * 1000);
    await sampler.stop();
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const share = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const members = (await backend.listJails()).reduce((n, j) => n + j.usage.procs, 0);
    console.log(`  ${label}: ${members} members`);
    console.log(`    CPU per full sample     ${fullMs.toFixed(1)} ms (process table + descriptors; every 5th)`);
    console.log(`    CPU per member sample   ${membersMs.toFixed(1)} ms (known members only)`);
    console.log(
      `    CPU share at 1 Hz       ${share.toFixed(2)} % of one core over ${SECONDS} s   (target ≤ 2 %)`,
    );
  };

  await measure('idle workloads');
  const jails = await backend.listJails();
  for (const jail of jails) {
    children.push(
      await backend.spawnInJail(jail.id, ['sh', '-c', 'while :; do sleep 1; done'], { stdio: 'ignore' }),
    );
  }
  await measure('with one forking loop per jail (members change every second)');
} finally {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  await backend.dispose();
  rmSync(prefix, { recursive: true, force: true });
}
