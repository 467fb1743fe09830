import { createFakeClock } from '@jails/core';
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT, type SimKernelState } from '../state.js';

describe('state and indexes', () => {
  it('a state written before the accounting fields existed loads with their defaults', () => {
    const old: SimKernelState = {
      version: 1,
      nextJailId: 2,
      cpuLimitsActive: 0,
      jails: [],
      processes: [
        { pid: 7, ppid: 1, uid: 0, euid: 0, jid: 0, state: 'live', argv: ['x'] },
        { pid: 1, ppid: 0, uid: 0, euid: 0, jid: 0, state: 'live', argv: ['init'] },
      ],
      nextPid: 100,
    };
    const k = new SimKernel({ state: old, clock: createFakeClock(5000) });
    expect(k.state.processes.map((p) => p.pid)).toEqual([1, 7]);
    expect(k.process(7)).toMatchObject({ pgid: 7, vmBytes: 0, fds: 0, cpuTicks: 0, cpuTicksPerSecond: 0 });
    expect(k.state).toMatchObject({ sockets: [], nextSocketId: 1, calloutNextMs: 6000, rngState: 1 });
    k.mmap(7, 4096);
    expect(k.process(7)?.vmBytes).toBe(4096);
  });

  it('the state stays JSON: a kernel over a JSON copy answers the same', () => {
    const k = new SimKernel();
    const { id } = k.create(HOST_ROOT, {
      name: 'a',
      root: '/a',
      limits: { procMax: 2 },
      reservedPorts: [8080],
    });
    const p = k.spawn(HOST_ROOT, id, ['sh']);
    k.socket(p);
    k.fork(p);
    const copy = new SimKernel({ state: JSON.parse(JSON.stringify(k.state)) });
    expect(copy.list()).toEqual(k.list());
    expect(copy.act(p, { kind: 'fork' })).toEqual({ ok: false, errno: 'EAGAIN' });
    expect(() => copy.bind(HOST_ROOT, 8080)).toThrow(expect.objectContaining({ errno: 'EACCES' }));
    expect(() => copy.destroy(HOST_ROOT, id)).toThrow(expect.objectContaining({ errno: 'EBUSY' }));
  });

  it('reindex picks up a state changed by hand', () => {
    const k = new SimKernel();
    const { id } = k.create(HOST_ROOT, { name: 'a', root: '/a' });
    k.state.processes.push({ pid: 500, ppid: 1, uid: 0, euid: 0, jid: id, state: 'live', argv: ['x'] });
    k.reindex();
    expect(() => k.destroy(HOST_ROOT, id)).toThrow(expect.objectContaining({ errno: 'EBUSY' }));
    expect(k.process(500)?.fds).toBe(0);
  });

  it('listJails() copies, never exposing the state', () => {
    const k = new SimKernel();
    k.create(HOST_ROOT, { name: 'a', root: '/a', limits: { fdMax: 5 } });
    const [info] = k.list();
    (info!.limits as { fdMax: number }).fdMax = 99;
    expect(k.list()[0]?.limits.fdMax).toBe(5);
  });

  it('random() is a seeded sequence kept in the state', () => {
    const a = new SimKernel({ seed: 9 });
    const b = new SimKernel({ seed: 9 });
    const seqA = [a.random(), a.random(), a.random()];
    expect([b.random(), b.random(), b.random()]).toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new SimKernel({ seed: 10 }).random()).not.toBe(seqA[0]);
  });
});
