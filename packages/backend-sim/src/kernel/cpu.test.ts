import { createFakeClock } from '@jails/core';
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';

function setup(limits = { cpuQuotaTicks: 150, cpuPeriodMicros: 3_000_000 }) {
  const clock = createFakeClock(0);
  const k = new SimKernel({ clock });
  const { id } = k.create(HOST_ROOT, { name: 'j', root: '/j', limits });
  const advance = async (ms: number) => {
    await clock.advance(ms);
    k.sync();
  };
  return { k, id, clock, advance, entry: () => k.jail(id)! };
}

describe('the 1 Hz callout and the CPU window (upstream-facts 4.5)', () => {
  it('a busy process runs its demand each second; over quota it is skipped, one throttle per tick it wanted', async () => {
    const { k, id, advance, entry } = setup();
    const p = k.spawn(HOST_ROOT, id, ['spin']);
    k.setCpuDemand(p, 100);
    await advance(1000);
    expect(entry()).toMatchObject({
      cpuUsage: 100,
      cpuUsedWindow: 100,
      cpuWindowStartS: 1,
      overQuota: false,
    });
    await advance(1000);
    expect(entry()).toMatchObject({ cpuUsage: 200, cpuUsedWindow: 200, overQuota: true });
    expect(entry().counters.throttleCpu).toBe(1);
    await advance(1000);
    expect(entry()).toMatchObject({ cpuUsage: 200, overQuota: true, counters: { throttleCpu: 101 } });
    await advance(1000);
    expect(entry()).toMatchObject({ cpuWindowStartS: 4, overQuota: false, counters: { throttleCpu: 201 } });
    expect(k.process(p)?.cpuTicks).toBe(200);
  });

  it('consumeCpu while over quota runs nothing and counts a skip per tick', async () => {
    const { k, id, advance, entry } = setup();
    const p = k.spawn(HOST_ROOT, id, ['spin']);
    expect(k.consumeCpu(p, 150)).toBe(150);
    await advance(1000);
    expect(k.consumeCpu(p, 7)).toBe(0);
    expect(entry().counters.throttleCpu).toBe(8);
  });

  it('host processes are never throttled', async () => {
    const { k, advance } = setup();
    const h = k.spawn(HOST_ROOT, 0, ['spin']);
    k.setCpuDemand(h, 100);
    await advance(5000);
    expect(k.process(h)?.cpuTicks).toBe(500);
  });

  it('a long quiet gap is fast-forwarded to the same state as stepping second by second', async () => {
    const run = async (stepMs: number) => {
      const { k, id, clock } = setup({ cpuQuotaTicks: 40, cpuPeriodMicros: 7_000_000 });
      const p = k.spawn(HOST_ROOT, id, ['x']);
      k.consumeCpu(p, 50);
      for (let t = 0; t < 100_000; t += stepMs) {
        await clock.advance(stepMs);
        k.sync();
      }
      return k.state;
    };
    expect(await run(100_000)).toEqual(await run(1000));
  });

  it('the callout samples zombies into proc_current and refcount but adds no ticks for them', async () => {
    const { k, id, advance, entry } = setup({ cpuQuotaTicks: 1000, cpuPeriodMicros: 1_000_000 });
    const p = k.spawn(HOST_ROOT, id, ['a']);
    const q = k.fork(p);
    k.consumeCpu(p, 10);
    k.consumeCpu(q, 5);
    k.exit(q, { code: 0, signal: null });
    await advance(1000);
    expect(entry()).toMatchObject({ procCurrent: 2, refcount: 2, cpuUsage: 10 });
    expect(k.list()[0]).toMatchObject({ refcount: 2, usage: { procs: 2, cpuTicks: 10 } });
  });

  it('cpu_limits_active counts jails with both quota and period, and drops on destroy', () => {
    const { k, id } = setup();
    k.create(HOST_ROOT, { name: 'free', root: '/f' });
    expect(k.state.cpuLimitsActive).toBe(1);
    k.destroy(HOST_ROOT, id);
    expect(k.state.cpuLimitsActive).toBe(0);
  });

  it('callouts run at the next kernel call, before it, in order', async () => {
    const { k, id, clock, entry } = setup({ cpuQuotaTicks: 10, cpuPeriodMicros: 1_000_000 });
    const p = k.spawn(HOST_ROOT, id, ['a']);
    k.consumeCpu(p, 10);
    await clock.advance(1000);
    expect(entry().overQuota, 'no kernel call yet').toBe(false);
    expect(k.act(p, { kind: 'fork' })).toEqual({ ok: false, errno: 'EAGAIN' });
    expect(entry().counters.throttleCpu).toBe(2);
  });
});
