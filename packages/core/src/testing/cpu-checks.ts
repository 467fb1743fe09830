import { expect } from 'vitest';
import { exactAccountingWithClock, limitedJail } from './accounting-checks.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';

const burn = (ctx: ConformanceContext, pid: number, ticks: number) =>
  ctx.expectAct(pid, { kind: 'burn-cpu', ticks }, 'ok', `burn ${ticks} ticks`);

/** Whether the jail is over quota, seen the only way userland can: a fork. */
async function forkRefused(ctx: ConformanceContext, pid: number): Promise<boolean> {
  const outcome = await ctx.act(pid, { kind: 'fork' });
  if (outcome.ok) return false;
  expect(outcome.errno).toBe('EAGAIN');
  return true;
}

/** Upstream-facts 4.5 (CPU quota/period, the 1 Hz window) and the FORK row of 3.2. */
export const cpuChecks: readonly ConformanceCheck[] = [
  {
    name: '4.5 reaching the quota sets over-quota at the callout; throttle_cpu counts the transition once',
    source: 'upstream-facts 4.5 step 4',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, { cpuQuotaTicks: 50, cpuPeriodMicros: 3_000_000 });
      const [p] = j.pids as [number];
      await burn(ctx, p, 49);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, p), 'below the quota').toBe(false);
      await burn(ctx, p, 1);
      expect(await forkRefused(ctx, p), 'before the callout').toBe(false);
      await ctx.advance(1000);
      expect((await j.info()).counters.throttleCpu).toBe(1);
      await ctx.advance(1000);
      expect((await j.info()).counters.throttleCpu, 'no second transition while over').toBe(1);
    },
  },
  {
    name: '3.2 FORK while the jail is over CPU quota: EAGAIN, throttle_cpu++ per refused fork, until the window rolls over',
    source: 'upstream-facts 3.2 FORK, 4.5',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, { cpuQuotaTicks: 50, cpuPeriodMicros: 3_000_000 });
      const [p] = j.pids as [number];
      await burn(ctx, p, 50);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, p)).toBe(true);
      expect(await forkRefused(ctx, p)).toBe(true);
      expect((await j.info()).counters.throttleCpu).toBe(3);
      await ctx.advance(2000);
      expect(await forkRefused(ctx, p), 'two seconds into a three-second window').toBe(true);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, p), 'the window rolled over').toBe(false);
      expect((await j.info()).counters).toMatchObject({ throttleCpu: 4, denyProc: 0 });
    },
  },
  {
    name: '4.5 the period is rounded up to whole seconds, and is at least one second',
    source: 'upstream-facts 4.5 step 4, 11.5',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const roundUp = await limitedJail(ctx, { cpuQuotaTicks: 10, cpuPeriodMicros: 1_500_000 });
      const tiny = await limitedJail(ctx, { cpuQuotaTicks: 10, cpuPeriodMicros: 1 });
      const [a] = roundUp.pids as [number];
      const [b] = tiny.pids as [number];
      await burn(ctx, a, 10);
      await burn(ctx, b, 10);
      await ctx.advance(1000);
      expect([await forkRefused(ctx, a), await forkRefused(ctx, b)]).toEqual([true, true]);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, a), '1.5 s counts as a 2 s window').toBe(true);
      expect(await forkRefused(ctx, b), '1 µs counts as a 1 s window').toBe(false);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, a), 'the 2 s window rolled over').toBe(false);
      const throttled = [
        (await roundUp.info()).counters.throttleCpu,
        (await tiny.info()).counters.throttleCpu,
      ];
      expect(throttled, 'one transition each, plus one per refused fork').toEqual([3, 2]);
    },
  },
  {
    name: '4.5 an over-quota jail’s processes are not scheduled (no ticks run, throttle_cpu grows)',
    source: 'upstream-facts 4.5 (enforcement)',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, { cpuQuotaTicks: 20, cpuPeriodMicros: 5_000_000 });
      const [p] = j.pids as [number];
      await burn(ctx, p, 20);
      await ctx.advance(1000);
      const before = (await j.info()).counters.throttleCpu;
      const ran = await burn(ctx, p, 5);
      expect(ran.ok && ran.value).toBe(0);
      expect((await j.info()).counters.throttleCpu).toBeGreaterThan(before);
      await ctx.advance(1000);
      expect((await j.info()).usage.cpuTicks, 'no ticks were added').toBe(20);
    },
  },
  {
    name: '4.5 cpu_usage is the sum over live members and drops when one exits; the drop counts 0 in the window',
    source: 'upstream-facts 4.5 steps 2–3, 11.5',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, { cpuQuotaTicks: 100, cpuPeriodMicros: 10_000_000 }, 2);
      const [p1, p2] = j.pids as [number, number];
      await burn(ctx, p1, 40);
      await ctx.advance(1000);
      expect((await j.info()).usage.cpuTicks).toBe(40);
      await ctx.expectAct(p1, { kind: 'exit', code: 0 }, 'ok');
      await burn(ctx, p2, 30);
      await ctx.advance(1000);
      expect((await j.info()).usage.cpuTicks, 'only the live member').toBe(30);
      await burn(ctx, p2, 59);
      await ctx.advance(1000);
      expect((await j.info()).usage.cpuTicks).toBe(89);
      expect(await forkRefused(ctx, p2), '40 + 0 + 59 = 99 < 100').toBe(false);
      await burn(ctx, p2, 1);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, p2), '40 + 0 + 59 + 1 = 100').toBe(true);
    },
  },
  {
    name: '4.5 a jail without CPU limits is never throttled',
    source: 'upstream-facts 4.5',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, { procMax: 100 });
      const [p] = j.pids as [number];
      await burn(ctx, p, 100_000);
      await ctx.advance(1000);
      expect(await forkRefused(ctx, p)).toBe(false);
      const info = await j.info();
      expect(info.counters.throttleCpu).toBe(0);
      expect(info.usage.cpuTicks).toBe(100_000);
    },
  },
];
