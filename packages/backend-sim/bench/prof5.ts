import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostSimBackend, createHostSampler, SimKernel } from '../src/index.js';
import { serializeSimState } from '../src/store/state-file.js';
import { refreshHostState } from '../src/host/refresh.js';
import { createProcfsSource } from '../src/host/procfs-source.js';
const prefix = mkdtempSync(join(tmpdir(), 'prof-'));
const backend = createHostSimBackend({ prefix, enforceCpu: false });
const kids = [];
for (let j = 0; j < 50; j++) {
  const jail = await backend.createJail({ name: `b${j}`, root: '/x', limits: { cpuQuotaTicks: 10000, cpuPeriodMicros: 1000000 } });
  for (let p = 0; p < 10; p++) kids.push(await backend.spawnInJail(jail.id, ['sleep', '600'], { stdio: 'ignore' }));
}
const cpu = async (f: () => unknown, label: string, n = 20) => {
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) await f();
  const u = process.cpuUsage(c);
  console.log(label.padEnd(20), ((u.user + u.system) / 1000 / n).toFixed(2), 'ms');
};
const store = backend.store;
const src = createProcfsSource({ keepOpen: true });
const doc = store.read();
await cpu(() => store.read(), 'read+parse');
await cpu(() => serializeSimState(doc), 'serialize');
await cpu(() => new SimKernel({ state: doc.kernel }), 'kernel');
const pids = doc.kernel.processes.map(p => p.pid);
await cpu(() => src.members(pids), 'members()');
await cpu(() => refreshHostState(doc, { source: src, nowMs: Date.now(), send: () => true, scan: 'members', sampleFds: false }), 'refresh members');
const s = createHostSampler({ store, source: src, enforce: 'all' });
await cpu(() => s.tick({ full: false }), 'tick members');
for (const k of kids) k.kill('SIGKILL');
