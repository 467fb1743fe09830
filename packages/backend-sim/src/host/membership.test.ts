import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';
import { initialSimStateDocument } from '../store/state-file.js';
import { hostData, hostRecords } from './driver-data.js';
import { releaseThrottled, stopOverQuota } from './enforce.js';
import { ENV_JID, ENV_KERNEL, recordHostMember, refreshMembership } from './membership.js';
import type { HostProcEntry, ProcSource } from './proc-source.js';
import { refreshHostState } from './refresh.js';

const proc = (pid: number, ppid: number, over: Partial<HostProcEntry> = {}): HostProcEntry => ({
  pid,
  ppid,
  comm: `p${pid}`,
  state: 'S',
  startTimeTicks: pid * 10,
  cpuTicks: 0,
  vsizeBytes: 1 << 20,
  ...over,
});

/** A fake host: a process table and environments, changed by the test. */
function fakeHost(entries: HostProcEntry[], environ: Record<number, string[]> = {}) {
  const table = new Map(entries.map((e) => [e.pid, e]));
  const source: ProcSource = {
    name: 'fake',
    snapshot: () => new Map(table),
    process: (pid) => table.get(pid),
    fdCount: (pid) => (table.has(pid) ? 5 : undefined),
    environ: (pid) => environ[pid],
  };
  return { table, source };
}

const setup = () => {
  const doc = initialSimStateDocument();
  const kernel = new SimKernel({ state: doc.kernel });
  kernel.create(HOST_ROOT, {
    name: 'a',
    root: '/a',
    limits: { cpuQuotaTicks: 10, cpuPeriodMicros: 1_000_000 },
  });
  kernel.create(HOST_ROOT, { name: 'b', root: '/b' });
  return { doc, kernel };
};
const member = (pid: number, jid: number) => ({ jid, pid, ppid: 1, startTimeTicks: pid * 10, argv: ['x'] });

describe('refreshMembership', () => {
  it('reaps a member whose pid now belongs to another process (stale pid), and one that is gone', () => {
    const { doc, kernel } = setup();
    recordHostMember(kernel, member(500, 1));
    recordHostMember(kernel, member(501, 1));
    const { table, source } = fakeHost([proc(500, 1, { startTimeTicks: 99_999 })]);
    const changes = refreshMembership(kernel, table, { source, instanceId: doc.instanceId });
    expect(changes.reaped.map((r) => r.pid).sort()).toEqual([500, 501]);
    expect(hostRecords(doc.kernel)).toEqual([]);
    kernel.destroy(HOST_ROOT, 1); // no EBUSY from the stale records
  });

  it('records descendants of members in the member’s jail, and skips zombies it never knew', () => {
    const { doc, kernel } = setup();
    recordHostMember(kernel, member(500, 2));
    const { table, source } = fakeHost([
      proc(500, 1),
      proc(510, 500),
      proc(520, 510),
      proc(530, 500, { state: 'Z' }),
      proc(600, 1),
    ]);
    const changes = refreshMembership(kernel, table, { source, instanceId: doc.instanceId });
    expect(changes.adopted.map((a) => a.pid)).toEqual([510, 520]);
    expect(hostRecords(doc.kernel).map((r) => [r.pid, r.jid])).toEqual([
      [500, 2],
      [510, 2],
      [520, 2],
    ]);
  });

  it('traces a process a dead member left behind by the markers in its environment', () => {
    const { doc, kernel } = setup();
    recordHostMember(kernel, member(500, 1));
    const marker = [`${ENV_KERNEL}=${doc.instanceId}`, `${ENV_JID}=1`];
    const { table, source } = fakeHost([proc(510, 1), proc(511, 1), proc(512, 1)], {
      510: marker,
      511: [`${ENV_KERNEL}=another-kernel`, `${ENV_JID}=1`],
    });
    const changes = refreshMembership(kernel, table, { source, instanceId: doc.instanceId });
    expect(changes.reaped.map((r) => r.pid)).toEqual([500]);
    expect(changes.adopted.map((a) => a.pid)).toEqual([510]);
  });

  it('marks a member the host shows as a zombie as a zombie: it still counts and keeps the jail busy', () => {
    const { doc, kernel } = setup();
    recordHostMember(kernel, member(500, 1));
    const { table, source } = fakeHost([proc(500, 1, { state: 'Z' })]);
    refreshMembership(kernel, table, { source, instanceId: doc.instanceId });
    expect(kernel.process(500)?.state).toBe('zombie');
    expect(() => kernel.destroy(HOST_ROOT, 1)).toThrow(/busy/i);
  });
});

describe('CPU enforcement by signals', () => {
  it('stops the members of an over-quota jail in scope, and continues them once the window rolls over', () => {
    const { doc, kernel } = setup();
    recordHostMember(kernel, member(500, 1));
    recordHostMember(kernel, member(501, 2));
    const { table, source } = fakeHost([proc(500, 1), proc(501, 1)]);
    const sent: string[] = [];
    const send = (pid: number, signal: NodeJS.Signals) => {
      sent.push(`${signal}:${pid}`);
      return true;
    };
    refreshHostState(doc, { source, nowMs: 5000, send });
    table.set(500, { ...table.get(500)!, cpuTicks: 20 });
    const r = refreshHostState(doc, { source, nowMs: 5500, send });
    expect(r.wentOverQuota).toEqual([1]);
    expect(stopOverQuota(doc, r.table, () => false, send)).toEqual([]);
    expect(stopOverQuota(doc, r.table, (id) => id === 1, send).map((m) => m.pid)).toEqual([500]);
    expect(hostData(doc).jails[1]?.stopped).toEqual([{ pid: 500, startTimeTicks: 5000 }]);
    const rolled = refreshHostState(doc, { source, nowMs: 6000, send });
    expect(rolled.continued.map((m) => m.pid)).toEqual([500]);
    expect(sent).toEqual(['SIGSTOP:500', 'SIGCONT:500']);
    expect(hostData(doc).jails[1]?.stopped).toEqual([]);
  });

  it('never continues a process that merely reuses a stopped member’s pid', () => {
    const { doc } = setup();
    const data = { jails: { 1: { stopped: [{ pid: 700, startTimeTicks: 1 }] } } };
    doc.driver.host = data;
    const sent: number[] = [];
    releaseThrottled(doc, new Map([[700, proc(700, 1, { startTimeTicks: 2 })]]), (pid) => sent.push(pid) > 0);
    expect(sent).toEqual([]);
    expect(data.jails[1].stopped).toEqual([]);
  });
});
