import { expect } from 'vitest';
import type { BackendCapabilities } from '../backend/backend.js';
import type { JailInfo } from '../jails/jail-info.js';
import type { JailLimits } from '../jails/jail-spec.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';

/** Accounting checks need actors and the kernel's exact counters (not host sampling). */
export const exactAccounting = (caps: BackendCapabilities): boolean =>
  caps.syscalls === true && (caps.accounting === 'simulated' || caps.accounting === 'kernel');

/** Whether the clock can be moved, so that the 1 Hz callout runs on demand. */
export const exactAccountingWithClock = (caps: BackendCapabilities): boolean =>
  exactAccounting(caps) && caps.injectableClock === true;

/** A jail made by {@link limitedJail}. */
export interface LimitedJail {
  /** The jail id. */
  readonly id: number;
  /** Pids of its root actors. */
  readonly pids: readonly number[];
  /** The jail as the backend lists it now. */
  info(): Promise<JailInfo>;
}

/** A jail with `limits` and `n` root actors in it. */
export async function limitedJail(ctx: ConformanceContext, limits: JailLimits, n = 1): Promise<LimitedJail> {
  const jail = await ctx.create({ limits });
  const pids: number[] = [];
  for (let i = 0; i < n; i++) pids.push(await ctx.actor({ uid: 0, jid: jail.id }));
  return { id: jail.id, pids, info: () => ctx.info(jail.id) };
}

/** Upstream-facts 4.1 (process count) and 6.2 (no admission at entry). */
export const procChecks: readonly ConformanceCheck[] = [
  {
    name: '4.1 fork is refused EAGAIN once live + zombie members reach proc.max; deny_proc counts each refusal',
    source: 'upstream-facts 4.1, 3.2 FORK',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { procMax: 3 });
      const [a] = j.pids as [number];
      const child = await ctx.fork(a);
      expect((await j.info()).usage.procs, 'proc_current = the count before the fork').toBe(1);
      await ctx.fork(a);
      await ctx.expectAct(a, { kind: 'fork' }, 'EAGAIN', 'third member');
      await ctx.expectAct(child, { kind: 'fork' }, 'EAGAIN', 'from a child');
      const info = await j.info();
      expect(info.counters.denyProc).toBe(2);
      expect(info.usage.procs).toBe(3);
    },
  },
  {
    name: '4.1 zombies count toward proc.max until they are reaped',
    source: 'upstream-facts 4.1, 3.2 FORK',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { procMax: 2 });
      const [a] = j.pids as [number];
      const child = await ctx.fork(a);
      await ctx.expectAct(child, { kind: 'exit', code: 0 }, 'ok');
      await ctx.expectAct(a, { kind: 'fork' }, 'EAGAIN', 'with a zombie child');
      const reaped = await ctx.expectAct(a, { kind: 'wait', pid: child }, 'ok');
      expect(reaped.ok && reaped.value).toBe(true);
      await ctx.expectAct(a, { kind: 'fork' }, 'ok', 'after wait');
      expect((await j.info()).counters.denyProc).toBe(1);
    },
  },
  {
    name: '4.1 proc.max 0 is unlimited: jailed forks are neither counted nor refused',
    source: 'upstream-facts 4.0, 3.2 FORK',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, {});
      for (let i = 0; i < 6; i++) await ctx.fork(j.pids[0] as number);
      expect((await j.info()).counters.denyProc).toBe(0);
    },
  },
  {
    name: '3.2 FORK by a host credential is never limited',
    source: 'upstream-facts 3.2, 4.0',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { procMax: 1 });
      const host = await ctx.actor({ uid: 1000, jid: 0 });
      for (let i = 0; i < 3; i++) await ctx.fork(host);
      expect((await j.info()).counters.denyProc).toBe(0);
    },
  },
  {
    name: '6.2 entering is not admission-checked: a jail at proc.max can still be entered',
    source: 'upstream-facts 6.2, 11.14',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { procMax: 1 });
      await ctx.expectAct(j.pids[0] as number, { kind: 'fork' }, 'EAGAIN');
      const entered = await ctx.actor({ uid: 0, jid: j.id });
      await ctx.expectAct(entered, { kind: 'fork' }, 'EAGAIN', 'the jail is now above proc.max');
      expect((await j.info()).usage.procs).toBe(2);
    },
  },
  {
    name: '4.1 the 1 Hz callout re-samples proc_current and refcount (live + zombie members)',
    source: 'upstream-facts 4.1, 4.5 steps 1–2',
    requires: exactAccountingWithClock,
    async run(ctx) {
      const j = await limitedJail(ctx, {});
      const [a] = j.pids as [number];
      const child = await ctx.fork(a);
      await ctx.expectAct(child, { kind: 'exit', code: 0 }, 'ok');
      expect((await j.info()).refcount, 'before the callout').toBe(0);
      await ctx.advance(1000);
      let info = await j.info();
      expect([info.refcount, info.usage.procs]).toEqual([2, 2]);
      await ctx.expectAct(a, { kind: 'wait', pid: child }, 'ok');
      await ctx.advance(1000);
      info = await j.info();
      expect([info.refcount, info.usage.procs]).toEqual([1, 1]);
    },
  },
];

const KiB = 1024;
const MEMORY_MAX = 1024 * KiB;

/** Maps one page so that the jail reports the process's size; returns that size. */
async function memorySize(ctx: ConformanceContext, pid: number, jid: number): Promise<number> {
  await ctx.expectAct(pid, { kind: 'mmap', bytes: 4 * KiB }, 'ok', 'a first page');
  return (await ctx.info(jid)).usage.memoryBytes;
}

/** Upstream-facts 4.2 (memory). */
export const memoryChecks: readonly ConformanceCheck[] = [
  {
    name: '4.2 memory.max is a per-process ceiling at mmap: up to it is admitted, one byte more is ENOMEM',
    source: 'upstream-facts 4.2, 4.0',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { memoryMaxBytes: MEMORY_MAX }, 2);
      const [p1, p2] = j.pids as [number, number];
      const size = await memorySize(ctx, p1, j.id);
      await ctx.expectAct(p1, { kind: 'mmap', bytes: MEMORY_MAX - size }, 'ok', 'up to the ceiling');
      await ctx.expectAct(p1, { kind: 'mmap', bytes: 1 }, 'ENOMEM', 'one byte more');
      let info = await j.info();
      expect(info.counters.denyMemory).toBe(1);
      expect(info.usage.memoryBytes, 'memory_current = the caller’s size at the denied admit').toBe(
        MEMORY_MAX,
      );
      const size2 = await memorySize(ctx, p2, j.id);
      await ctx.expectAct(
        p2,
        { kind: 'mmap', bytes: MEMORY_MAX - size2 },
        'ok',
        'another process, own ceiling',
      );
      info = await j.info();
      expect(info.counters.denyMemory).toBe(1);
    },
  },
  {
    name: '4.2 memory_current is the last caller’s size (last writer wins); munmap is not hooked',
    source: 'upstream-facts 4.2',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { memoryMaxBytes: MEMORY_MAX }, 2);
      const [p1, p2] = j.pids as [number, number];
      const s1 = await memorySize(ctx, p1, j.id);
      await ctx.expectAct(p1, { kind: 'mmap', bytes: 256 * KiB }, 'ok');
      expect((await j.info()).usage.memoryBytes).toBe(s1 + 256 * KiB);
      const s2 = await memorySize(ctx, p2, j.id);
      expect((await j.info()).usage.memoryBytes).toBe(s2);
      await ctx.expectAct(p2, { kind: 'munmap', bytes: 4 * KiB }, 'ok');
      expect((await j.info()).usage.memoryBytes, 'unchanged by munmap').toBe(s2);
    },
  },
  {
    name: '4.2 brk growth is admitted like mmap (ENOMEM past the ceiling); a shrink sets memory_current',
    source: 'upstream-facts 4.2',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { memoryMaxBytes: MEMORY_MAX });
      const [p] = j.pids as [number];
      const size = await memorySize(ctx, p, j.id);
      await ctx.expectAct(p, { kind: 'brk', bytes: MEMORY_MAX - size }, 'ok', 'grow to the ceiling');
      expect((await j.info()).usage.memoryBytes).toBe(MEMORY_MAX);
      await ctx.expectAct(p, { kind: 'brk', bytes: MEMORY_MAX - size + 1 }, 'ENOMEM', 'one byte more');
      await ctx.expectAct(p, { kind: 'brk', bytes: 0 }, 'ok', 'shrink');
      const info = await j.info();
      expect(info.usage.memoryBytes).toBe(size);
      expect(info.counters.denyMemory).toBe(1);
    },
  },
  {
    name: '4.0 host processes are never limited or accounted',
    source: 'upstream-facts 4.0',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { memoryMaxBytes: MEMORY_MAX, fdMax: 4, sockbufMaxBytes: 1000 });
      const host = await ctx.actor({ uid: 1000, jid: 0 });
      await ctx.expectAct(host, { kind: 'mmap', bytes: 2 * MEMORY_MAX }, 'ok');
      for (let i = 0; i < 6; i++) await ctx.expectAct(host, { kind: 'open' }, 'ok');
      await ctx.expectAct(host, { kind: 'socket', sendBytes: 2000, receiveBytes: 2000 }, 'ok');
      const info = await j.info();
      expect(info.usage).toMatchObject({ memoryBytes: 0, fds: 0, sockbufBytes: 0 });
      expect(info.counters).toMatchObject({ denyMemory: 0, denyFd: 0, denySockbuf: 0 });
    },
  },
];
