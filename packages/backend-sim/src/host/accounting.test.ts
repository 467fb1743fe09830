import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT, type SimJailEntry } from '../state.js';
import { applyJailSample, type MemberSample } from './accounting.js';

const jail = (limits = {}): SimJailEntry => {
  const kernel = new SimKernel();
  const { id } = kernel.create(HOST_ROOT, { name: 'j', root: '/r', limits });
  return kernel.jail(id)!;
};
const member = (over: Partial<MemberSample> = {}): MemberSample => ({
  pid: 100,
  jid: 1,
  live: true,
  cpuTicks: 0,
  vsizeBytes: 1000,
  fds: 4,
  ...over,
});
const limited = () => jail({ cpuQuotaTicks: 50, cpuPeriodMicros: 1_500_000 });

describe('applyJailSample', () => {
  it('reports procs as member count (zombies too), memory and fds as the largest live member, cpu as the live sum', () => {
    const e = jail();
    applyJailSample(
      e,
      {},
      [
        member({ pid: 1, cpuTicks: 30, vsizeBytes: 5000, fds: 3 }),
        member({ pid: 2, cpuTicks: 12, vsizeBytes: 9000, fds: 8 }),
        member({ pid: 3, live: false, cpuTicks: 0, vsizeBytes: 0, fds: undefined }),
      ],
      0,
    );
    expect([e.procCurrent, e.refcount, e.memoryCurrent, e.fdCurrent, e.cpuUsage]).toEqual([
      3, 3, 9000, 8, 42,
    ]);
  });

  it('keeps memory and fds as last seen once the jail is empty, while procs and cpu drop to 0', () => {
    const e = jail();
    applyJailSample(e, {}, [member({ cpuTicks: 7, vsizeBytes: 5000, fds: 6 })], 0);
    applyJailSample(e, {}, [], 1000);
    expect([e.procCurrent, e.memoryCurrent, e.fdCurrent, e.cpuUsage]).toEqual([0, 5000, 6, 0]);
  });

  it('keeps the last fd count when the member vanished before its descriptors were read', () => {
    const e = jail();
    applyJailSample(e, {}, [member({ fds: 9 })], 0);
    applyJailSample(e, {}, [member({ fds: undefined })], 1000);
    expect(e.fdCurrent).toBe(9);
    expect(e.procCurrent).toBe(1);
  });

  it('goes over quota once per window (throttleCpu + 1) and rolls over after the period rounded up to 2 s', () => {
    const e = limited();
    const data = {};
    expect(applyJailSample(e, data, [member({ cpuTicks: 0 })], 10_000)).toBe(false);
    expect(applyJailSample(e, data, [member({ cpuTicks: 30 })], 10_500)).toBe(false);
    expect(applyJailSample(e, data, [member({ cpuTicks: 60 })], 11_000)).toBe(true);
    expect(applyJailSample(e, data, [member({ cpuTicks: 90 })], 11_500)).toBe(false);
    expect([e.overQuota, e.counters.throttleCpu, e.cpuUsedWindow, e.cpuWindowStartS]).toEqual([
      true,
      1,
      90,
      10,
    ]);
    // second 12 is 2 s after the window start: a new window, charged only with the new delta
    expect(applyJailSample(e, data, [member({ cpuTicks: 100 })], 12_000)).toBe(false);
    expect([e.overQuota, e.cpuUsedWindow, e.cpuWindowStartS]).toEqual([false, 10, 12]);
  });

  it('does not charge CPU across a sampling gap longer than 1.5 periods', () => {
    const e = limited();
    const data = {};
    applyJailSample(e, data, [member({ cpuTicks: 0 })], 0);
    applyJailSample(e, data, [member({ cpuTicks: 5000 })], 60_000);
    expect([e.overQuota, e.counters.throttleCpu, e.cpuUsage]).toEqual([false, 0, 5000]);
  });

  it('counts nothing when a member exits and the sum drops', () => {
    const e = limited();
    const data = {};
    applyJailSample(e, data, [member({ pid: 1, cpuTicks: 40 }), member({ pid: 2, cpuTicks: 5 })], 0);
    applyJailSample(e, data, [member({ pid: 2, cpuTicks: 6 })], 500);
    expect([e.cpuUsage, e.cpuUsedWindow]).toEqual([6, 0]);
  });
});
