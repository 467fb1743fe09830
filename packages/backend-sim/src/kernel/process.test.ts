import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';

function kernelWithJail(limits = {}) {
  const k = new SimKernel();
  const { id } = k.create(HOST_ROOT, { name: 'j', root: '/j', limits });
  return { k, id };
}

describe('virtual processes', () => {
  it('spawn records the credential, jail, argv and defaults; options.pid and host are honoured', () => {
    const { k, id } = kernelWithJail();
    const pid = k.spawn(HOST_ROOT, id, ['/usr/libexec/httpd', '-X']);
    expect(k.process(pid)).toMatchObject({
      pid,
      ppid: 1,
      uid: 0,
      euid: 0,
      jid: id,
      state: 'live',
      argv: ['/usr/libexec/httpd', '-X'],
      pgid: pid,
      fds: 3,
      vmBytes: 0,
    });
    const real = k.spawn(HOST_ROOT, id, ['sleep'], {
      pid: 40_000,
      host: { pid: 40_000, startTimeTicks: 77 },
    });
    expect(real).toBe(40_000);
    expect(k.process(real)?.host).toEqual({ pid: 40_000, startTimeTicks: 77 });
    expect(k.state.processes.map((p) => p.pid)).toEqual([1, pid, 40_000]);
    const next = k.spawn(HOST_ROOT, 0, ['x']);
    expect(next).toBe(pid + 1);
  });

  it('allocation skips pids a host process already holds', () => {
    const k = new SimKernel();
    k.spawn(HOST_ROOT, 0, ['held'], { pid: 100 });
    expect(k.spawn(HOST_ROOT, 0, ['x'])).toBe(101);
  });

  it('fork copies credential, jid, group, vm size and descriptors; not CPU time or demand', () => {
    const { k, id } = kernelWithJail();
    const parent = k.spawn(HOST_ROOT, id, ['sh'], { vmBytes: 8192 });
    k.setuid(parent, 1000);
    k.consumeCpu(parent, 30);
    k.setCpuDemand(parent, 50);
    const child = k.fork(parent);
    expect(k.process(child)).toMatchObject({
      ppid: parent,
      uid: 1000,
      euid: 1000,
      jid: id,
      pgid: parent,
      vmBytes: 8192,
      fds: 3,
      cpuTicks: 0,
      cpuTicksPerSecond: 0,
    });
  });

  it('exec keeps jid, uid and descriptors and replaces the image', () => {
    const { k, id } = kernelWithJail();
    const pid = k.spawn(HOST_ROOT, id, ['sh'], { vmBytes: 4096 });
    k.brk(pid, 4096);
    k.exec(pid, ['/bin/cat'], { vmBytes: 100 });
    expect(k.process(pid)).toMatchObject({ jid: id, argv: ['/bin/cat'], vmBytes: 100, brkBytes: 0, fds: 3 });
  });

  it('exit leaves a zombie until reaped; the jail stays busy meanwhile', () => {
    const { k, id } = kernelWithJail();
    const pid = k.spawn(HOST_ROOT, id, ['sh']);
    k.exit(pid, { code: 3, signal: null });
    expect(k.process(pid)).toMatchObject({ state: 'zombie', exit: { code: 3, signal: null }, fds: 0 });
    expect(() => k.destroy(HOST_ROOT, id)).toThrow(/busy/i);
    k.reap(pid);
    expect(k.process(pid)).toBeUndefined();
    k.destroy(HOST_ROOT, id);
  });

  it('orphans are adopted by init, which reaps zombie children at once and adopted ones when they exit', () => {
    const { k, id } = kernelWithJail();
    const parent = k.spawn(HOST_ROOT, id, ['sh']);
    const zombie = k.fork(parent);
    const runner = k.fork(parent);
    k.exit(zombie, { code: 0, signal: null });
    k.exit(parent, { code: 0, signal: null });
    expect(k.process(zombie)).toBeUndefined();
    expect(k.process(runner)).toMatchObject({ ppid: 1, state: 'live', orphan: true });
    k.exit(runner, { code: 0, signal: null });
    expect(k.process(runner)).toBeUndefined();
    expect(k.process(parent)?.state).toBe('zombie');
  });

  it('wait reaps only the caller’s own zombie children (WNOHANG)', () => {
    const { k, id } = kernelWithJail();
    const parent = k.spawn(HOST_ROOT, id, ['sh']);
    const other = k.spawn(HOST_ROOT, id, ['sh']);
    const child = k.fork(parent);
    expect(k.wait(parent, child)).toBe(false);
    expect(() => k.wait(other, child)).toThrow(expect.objectContaining({ errno: 'ECHILD' }));
    k.exit(child, { code: 0, signal: null });
    expect(k.wait(parent, child)).toBe(true);
    expect(k.process(child)).toBeUndefined();
  });

  it('signals: terminating ones leave a zombie with the signal; ignored and stop signals do nothing; init ignores all', () => {
    const { k, id } = kernelWithJail();
    const pid = k.spawn(HOST_ROOT, id, ['sh']);
    for (const ignored of [0, 16, 17, 18, 19, 20, 23, 28, 29]) k.kill(HOST_ROOT, pid, ignored);
    expect(k.process(pid)?.state).toBe('live');
    k.kill(HOST_ROOT, 1, 9);
    expect(k.process(1)?.state).toBe('live');
    k.kill(HOST_ROOT, pid, 15);
    expect(k.process(pid)).toMatchObject({ state: 'zombie', exit: { code: null, signal: 'SIGTERM' } });
  });

  it('setuid: root may take any uid and then cannot go back; setsid fails for a group leader', () => {
    const { k, id } = kernelWithJail();
    const pid = k.spawn(HOST_ROOT, id, ['sh']);
    k.setuid(pid, 1000);
    expect(() => k.setuid(pid, 0)).toThrow(expect.objectContaining({ errno: 'EPERM', field: 'uid' }));
    expect(() => k.setsid(pid)).toThrow(expect.objectContaining({ errno: 'EPERM' }));
    const child = k.fork(pid);
    k.setsid(child);
    expect(k.process(child)?.pgid).toBe(child);
  });

  it('spawn into a jail at proc.max succeeds (no admission at entry), fork then fails', () => {
    const { k, id } = kernelWithJail({ procMax: 1 });
    const a = k.spawn(HOST_ROOT, id, ['sh']);
    const b = k.spawn(HOST_ROOT, id, ['sh']);
    expect(k.act(a, { kind: 'fork' })).toEqual({ ok: false, errno: 'EAGAIN' });
    expect(k.jail(id)).toMatchObject({ procCurrent: 2, counters: { denyProc: 1 } });
    expect(b).toBeGreaterThan(a);
  });

  it('only host root may spawn or enter, and only into an existing jail', () => {
    const { k, id } = kernelWithJail();
    expect(() => k.spawn({ uid: 0, euid: 0, jid: id }, id, ['x'])).toThrow(
      expect.objectContaining({ errno: 'EPERM' }),
    );
    expect(() => k.spawn({ uid: 5, euid: 5, jid: 0 }, id, ['x'])).toThrow(
      expect.objectContaining({ errno: 'EPERM' }),
    );
    expect(() => k.spawn(HOST_ROOT, id + 1, ['x'])).toThrow(expect.objectContaining({ errno: 'ENOENT' }));
    const host = k.spawn(HOST_ROOT, 0, ['x']);
    k.enter(host, id);
    expect(k.process(host)?.jid).toBe(id);
    expect(() => k.enter(host, 0)).toThrow(expect.objectContaining({ errno: 'EPERM' }));
    expect(() => k.readId(host)).toThrow(expect.objectContaining({ errno: 'EPERM' }));
    expect(k.readId(HOST_ROOT)).toBe(0);
  });
});
