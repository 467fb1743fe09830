import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeClock } from '@jails/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';
import { createSimStateStore, type SimStateStore } from '../store/state-store.js';
import { hostRecords } from './driver-data.js';
import { ENV_JID, ENV_KERNEL, recordHostMember } from './membership.js';
import type { HostProcEntry, ProcSource } from './proc-source.js';
import { createHostSampler } from './sampler.js';

const prefixes: string[] = [];
afterEach(() => {
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const proc = (pid: number, over: Partial<HostProcEntry> = {}): HostProcEntry => ({
  pid,
  ppid: 1,
  comm: `p${pid}`,
  state: 'S',
  startTimeTicks: pid * 10,
  cpuTicks: 0,
  vsizeBytes: 1 << 20,
  ...over,
});

/** A fake host whose process table the test edits, counting full snapshots. */
function fakeHost(store: SimStateStore) {
  const table = new Map<number, HostProcEntry>();
  const environ = new Map<number, string[]>();
  const counts = { snapshots: 0 };
  const source: ProcSource = {
    name: 'fake',
    snapshot: () => {
      counts.snapshots += 1;
      return new Map(table);
    },
    process: (pid) => table.get(pid),
    members: (pids) =>
      new Map(pids.flatMap((pid) => (table.has(pid) ? [[pid, table.get(pid)!] as const] : []))),
    fdCount: (pid) => (table.has(pid) ? 4 : undefined),
    environ: (pid) => environ.get(pid),
  };
  const markers = (jid: number) => [`${ENV_KERNEL}=${store.read().instanceId}`, `${ENV_JID}=${jid}`];
  return { table, environ, counts, source, markers };
}

async function setup(limits = {}) {
  const prefix = mkdtempSync(join(tmpdir(), 'jails-sampler-'));
  prefixes.push(prefix);
  const store = createSimStateStore({ prefix });
  const jid = await store.update(
    (doc) => new SimKernel({ state: doc.kernel }).create(HOST_ROOT, { name: 'j', root: '/r', limits }).id,
  );
  const host = fakeHost(store);
  const addMember = (pid: number) => {
    host.table.set(pid, proc(pid));
    return store.update((doc) => {
      recordHostMember(new SimKernel({ state: doc.kernel }), {
        jid,
        pid,
        ppid: 1,
        startTimeTicks: pid * 10,
        argv: ['w'],
      });
    });
  };
  return { store, jid, host, addMember };
}

describe('createHostSampler', () => {
  it('writes nothing when nothing changed', async () => {
    const { store, host, addMember } = await setup();
    await addMember(500);
    const sampler = createHostSampler({ store, source: host.source });
    await sampler.tick();
    const before = statSync(store.path).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await sampler.tick();
    await sampler.tick({ full: false });
    expect(statSync(store.path).mtimeMs).toBe(before);
  });

  it('reads only members between full samples, and traces a dead member’s orphan at the next full one', async () => {
    const { store, jid, host, addMember } = await setup();
    await addMember(500);
    const sampler = createHostSampler({ store, source: host.source });
    await sampler.tick({ full: false });
    expect(host.counts.snapshots).toBe(0);

    host.table.delete(500); // the member exits, leaving a child behind, re-parented to init
    host.table.set(600, proc(600));
    host.environ.set(600, host.markers(jid));
    await sampler.tick({ full: false });
    expect(host.counts.snapshots).toBe(0);
    expect(hostRecords(store.read().kernel)).toEqual([]);

    await sampler.tick({ full: true });
    expect(hostRecords(store.read().kernel).map((r) => [r.pid, r.jid])).toEqual([[600, jid]]);
  });

  it('stops an owned over-quota jail’s members, continues them when the window rolls, and on stop()', async () => {
    const { store, jid, host, addMember } = await setup({ cpuQuotaTicks: 10, cpuPeriodMicros: 1_000_000 });
    await addMember(500);
    const clock = createFakeClock(100_000);
    const sent: string[] = [];
    const send = (pid: number, signal: NodeJS.Signals) => sent.push(`${signal} ${pid}`) > 0;
    const sampler = createHostSampler({ store, source: host.source, clock, send });
    sampler.own(jid);
    await sampler.tick();
    host.table.set(500, proc(500, { cpuTicks: 50 }));
    await clock.advance(400);
    const report = await sampler.tick();
    expect(report.wentOverQuota).toEqual([jid]);
    expect(report.stopped).toEqual([{ pid: 500, startTimeTicks: 5000, jailId: jid }]);
    expect(store.read().kernel.jails[0]?.counters.throttleCpu).toBe(1);

    await clock.advance(1000);
    expect((await sampler.tick()).continued).toEqual([{ pid: 500, startTimeTicks: 5000 }]);
    host.table.set(500, proc(500, { cpuTicks: 100 }));
    await clock.advance(200);
    expect((await sampler.tick()).stopped).toHaveLength(1);
    await sampler.stop();
    expect(sent).toEqual(['SIGSTOP 500', 'SIGCONT 500', 'SIGSTOP 500', 'SIGCONT 500']);
    expect(store.read().kernel.jails[0]?.counters.throttleCpu).toBe(2);
  });

  it('accounts but never stops a jail it does not own (enforce: owned)', async () => {
    const { store, host, addMember } = await setup({ cpuQuotaTicks: 10, cpuPeriodMicros: 1_000_000 });
    await addMember(500);
    const clock = createFakeClock(100_000);
    const sampler = createHostSampler({ store, source: host.source, clock, send: () => true });
    await sampler.tick();
    host.table.set(500, proc(500, { cpuTicks: 50 }));
    await clock.advance(400);
    const report = await sampler.tick();
    expect(report.wentOverQuota).toHaveLength(1);
    expect(report.stopped).toEqual([]);
  });
});
