import { createJails } from '@jails/core';
import { describe, expect, it } from 'vitest';
import { createSimScenario, type SimScenario } from './index.js';

const MiB = 2 ** 20;

describe('createSimScenario (usage examples)', () => {
  it('a process allocating past its memory ceiling', async () => {
    // #region memory-ceiling
    const sc = createSimScenario();
    const web = sc.jail({ name: 'web', limits: { memoryMaxBytes: 64 * MiB, procMax: 4 } });
    const [a, b, c] = web.spawnMany(3);

    expect(a!.mmap(48 * MiB)).toBe('ok');
    expect(a!.mmap(32 * MiB)).toBe('ENOMEM'); // 80 MiB > 64 MiB: the ceiling is per process
    expect(b!.mmap(60 * MiB)).toBe('ok'); // b has its own 64 MiB
    expect(c!.tryFork()).not.toBe('EAGAIN'); // 3 of 4 processes
    expect(c!.tryFork()).toBe('EAGAIN'); // 4 of 4

    await sc.advance(2_000);
    expect(web.info()).toMatchObject({
      refcount: 4,
      usage: { procs: 4, memoryBytes: 60 * MiB },
      counters: { denyMemory: 1, denyProc: 1 },
    });
    // #endregion memory-ceiling
  });

  it('a busy process in a jail with a CPU quota', async () => {
    // #region cpu-quota
    const sc = createSimScenario();
    const batch = sc.jail({ limits: { cpuQuotaTicks: 150, cpuPeriodMicros: 2_000_000 } });
    const worker = batch.spawn().busy(100); // wants a whole CPU: 100 ticks per second

    await sc.advance(1_000); // 100 ticks: under the quota
    expect(batch.entry()?.overQuota).toBe(false);
    await sc.advance(1_000); // 200 ≥ 150 in this 2 s window: over quota
    expect(batch.entry()?.overQuota).toBe(true);
    expect(worker.tryFork()).toBe('EAGAIN');
    await sc.advance(1_000); // skipped by the scheduler: no ticks, one throttle per tick wanted
    expect(batch.info().usage.cpuTicks).toBe(200);
    expect(sc.events.filter((e) => e.type === 'cpu-over-quota')).toHaveLength(1);
    // #endregion cpu-quota
  });

  it('drives the client facade through the same kernel', async () => {
    // #region facade
    const sc = createSimScenario();
    await using jails = createJails({ backend: sc.backend });
    const db = await jails.create({ name: 'db', root: '/jails/db', reservedPorts: [5432] });
    const intruder = sc.jail({ name: 'other' }).spawn();
    expect(intruder.bind(5432)).toBe('EACCES');
    expect(sc.host().bind(5432)).toBe('EACCES'); // host root too
    expect(sc.kernel.list()[1]?.id).toBe(db.id);
    // #endregion facade
  });
});

/** A random workload driven by the scenario's seed; returns everything observable. */
async function randomWorkload(seed: number) {
  const sc: SimScenario = createSimScenario({ seed });
  const jails = [
    sc.jail({ limits: { procMax: 6, memoryMaxBytes: 8 * MiB, fdMax: 10 } }),
    sc.jail({ limits: { cpuQuotaTicks: 120, cpuPeriodMicros: 2_000_000, sockbufMaxBytes: 200_000 } }),
  ];
  const procs = jails.flatMap((j) => j.spawnMany(2));
  const outcomes: string[] = [];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(sc.random() * list.length)] as T;
  for (let step = 0; step < 400; step++) {
    const live = procs.filter((p) => p.alive);
    const p = pick(live);
    const roll = sc.random();
    if (roll < 0.2) {
      const child = p.tryFork();
      if (typeof child !== 'string') procs.push(child);
      outcomes.push(typeof child === 'string' ? child : 'fork');
    } else if (roll < 0.4) outcomes.push(p.mmap(1 + Math.floor(sc.random() * MiB)));
    else if (roll < 0.55) outcomes.push(p.open());
    else if (roll < 0.7) outcomes.push(String(p.socket({ sendBytes: 20_000, receiveBytes: 20_000 })));
    else if (roll < 0.85) outcomes.push(String(p.burn(Math.floor(sc.random() * 50))));
    else if (roll < 0.9 && live.length > 3) p.exit();
    else await sc.advance(Math.floor(sc.random() * 1500));
  }
  return { outcomes, events: sc.events, state: sc.snapshot(), jails: jails.map((j) => j.info()) };
}

describe('determinism', () => {
  it('a fake clock and a seed replay a scenario identically', async () => {
    const first = await randomWorkload(42);
    const second = await randomWorkload(42);
    expect(second).toEqual(first);
    expect(JSON.stringify(second.state)).toBe(JSON.stringify(first.state));
    expect(first.events.length).toBeGreaterThan(0);
    expect(new Set(first.outcomes).size).toBeGreaterThan(3);
  });

  it('another seed gives another run', async () => {
    expect((await randomWorkload(7)).outcomes).not.toEqual((await randomWorkload(42)).outcomes);
  });

  it('time moves only when the test moves it', async () => {
    const sc = createSimScenario();
    const j = sc.jail();
    j.spawn().busy(100);
    await new Promise((r) => setTimeout(r, 30));
    expect(j.info().usage.cpuTicks).toBe(0);
    await sc.advance(999);
    expect(j.info().usage.cpuTicks).toBe(0);
    await sc.advance(1);
    expect(j.info().usage.cpuTicks).toBe(100);
  });

  it('a snapshot is plain JSON and resumes where it was taken', async () => {
    const sc = createSimScenario({ seed: 3 });
    const j = sc.jail({ limits: { procMax: 2 } });
    const p = j.spawn();
    p.fork();
    const copy = JSON.parse(JSON.stringify(sc.snapshot()));
    const resumed = createSimScenario({ state: copy });
    expect(resumed.kernel.list()).toEqual(sc.kernel.list());
    expect(resumed.kernel.act(p.pid, { kind: 'fork' })).toEqual({ ok: false, errno: 'EAGAIN' });
    expect(resumed.random()).toBe(sc.random());
  });
});
