/**
 * Benchmarks of the simulated kernel. Prints figures; asserts nothing.
 *
 *   npm run bench -w @jails/backend-sim
 *
 * (a) 1,000,000 mixed admission decisions (fork / fd / mmap / bind) across
 *     1,000 jails, through the non-throwing `act` path.
 * (b) 10,000 jails created, listed and destroyed, with the cost of
 *     `listJails()` per jail at 1k / 5k / 10k to show it grows linearly.
 */
import type { SyscallAction } from '@jails/core/backend';
import { createSimBackend, HOST_ROOT, SimKernel } from '../src/index.js';

const MiB = 2 ** 20;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function admissionBench(decisions: number, jailCount: number): void {
  const kernel = new SimKernel({ seed: 1 });
  const pids: number[] = [];
  for (let i = 0; i < jailCount; i++) {
    const { id } = kernel.create(HOST_ROOT, {
      name: `bench${i}`,
      root: `/jails/bench${i}`,
      limits: { procMax: 8, fdMax: 64, memoryMaxBytes: 256 * MiB },
      reservedPorts: [20_000 + i],
    });
    pids.push(kernel.spawn(HOST_ROOT, id, ['worker']));
    const user = kernel.spawn(HOST_ROOT, id, ['worker']);
    kernel.setuid(user, 1000);
    pids.push(user);
  }
  // Pre-built inputs, so the loop times the decisions and not their generation.
  const actions: SyscallAction[] = [];
  for (let i = 0; i < 4096; i++) {
    const r = kernel.random();
    if (r < 0.25) actions.push({ kind: 'fork' });
    else if (r < 0.5) actions.push({ kind: 'open' });
    else if (r < 0.75) actions.push({ kind: 'mmap', bytes: 1 + Math.floor(kernel.random() * 4 * MiB) });
    else actions.push({ kind: 'bind', port: 20_000 + Math.floor(kernel.random() * (jailCount + 200)) });
  }
  const who = Int32Array.from(
    { length: 65_536 },
    () => pids[Math.floor(kernel.random() * pids.length)] as number,
  );

  const tally = { ok: 0, denied: 0 };
  const start = performance.now();
  for (let i = 0; i < decisions; i++) {
    const outcome = kernel.act(who[i & 0xffff] as number, actions[i & 0xfff] as SyscallAction);
    if (outcome.ok) tally.ok++;
    else tally.denied++;
  }
  const ms = performance.now() - start;
  const counters = kernel.list().reduce(
    (sum, j) => ({
      proc: sum.proc + j.counters.denyProc,
      fd: sum.fd + j.counters.denyFd,
      memory: sum.memory + j.counters.denyMemory,
    }),
    { proc: 0, fd: 0, memory: 0 },
  );
  console.log(`(a) ${fmt(decisions)} admission decisions (fork/fd/mmap/bind) across ${fmt(jailCount)} jails`);
  console.log(`    ${ms.toFixed(1)} ms  →  ${fmt((decisions / ms) * 1000)} decisions/s`);
  console.log(
    `    allowed ${fmt(tally.ok)}, refused ${fmt(tally.denied)} (deny_proc ${fmt(counters.proc)}, deny_fd ${fmt(counters.fd)}, deny_memory ${fmt(counters.memory)}, EACCES binds ${fmt(tally.denied - counters.proc - counters.fd - counters.memory)})`,
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function jailTableBench(sizes: readonly number[]): Promise<void> {
  console.log('(b) jails created, listed (listJails through the backend SPI) and destroyed');
  console.log('    jails   create ms   list ms (median of 41)   list µs/jail   destroy ms');
  for (const n of sizes) {
    const backend = createSimBackend();
    let t = performance.now();
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await backend.createJail({ name: `j${i}`, root: `/jails/j${i}` })).id);
    const createMs = performance.now() - t;
    const lists: number[] = [];
    for (let r = 0; r < 41; r++) {
      t = performance.now();
      const listed = await backend.listJails();
      lists.push(performance.now() - t);
      if (listed.length !== n) throw new Error(`listed ${listed.length} of ${n} jails`);
    }
    const listMs = median(lists);
    t = performance.now();
    for (const id of ids) await backend.destroyJail(id);
    const destroyMs = performance.now() - t;
    console.log(
      `    ${String(n).padStart(6)}   ${createMs.toFixed(1).padStart(9)}   ${listMs.toFixed(2).padStart(22)}   ${((listMs * 1000) / n).toFixed(3).padStart(12)}   ${destroyMs.toFixed(1).padStart(10)}`,
    );
    await backend.dispose();
  }
}

// Warm the JIT on a small run first so the figures measure steady state.
admissionBench(100_000, 100);
console.log('--- warm-up above; measured run below ---');
admissionBench(1_000_000, 1_000);
await jailTableBench([1_000, 1_000, 5_000, 10_000]);
