import { expect } from 'vitest';
import { exactAccounting, limitedJail } from './accounting-checks.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';

const FD_MAX = 12;
const SOCKBUF_MAX = 100_000;

/** Opens one descriptor so that the jail reports the process's count; returns that count. */
async function fdCount(ctx: ConformanceContext, pid: number, jid: number): Promise<number> {
  await ctx.expectAct(pid, { kind: 'open' }, 'ok', 'a first descriptor');
  return (await ctx.info(jid)).usage.fds;
}

async function openUpTo(ctx: ConformanceContext, pid: number, from: number, to: number) {
  for (let n = from; n < to; n++) await ctx.expectAct(pid, { kind: 'open' }, 'ok', `descriptor ${n + 1}`);
}

/** Upstream-facts 4.3 (descriptors) and 4.4 (socket buffers). */
export const fdSockbufChecks: readonly ConformanceCheck[] = [
  {
    name: '4.3 fd.max is a per-process ceiling: allocation past it is EMFILE, deny_fd counts it',
    source: 'upstream-facts 4.3, 4.0',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { fdMax: FD_MAX }, 2);
      const [p1, p2] = j.pids as [number, number];
      await openUpTo(ctx, p1, await fdCount(ctx, p1, j.id), FD_MAX);
      expect((await j.info()).usage.fds, 'fd_current = count after the allocation').toBe(FD_MAX);
      await ctx.expectAct(p1, { kind: 'open' }, 'EMFILE');
      await ctx.expectAct(
        p1,
        { kind: 'socket', sendBytes: 1000, receiveBytes: 1000 },
        'EMFILE',
        'a socket too',
      );
      let info = await j.info();
      expect(info.counters.denyFd).toBe(2);
      expect(info.usage.sockbufBytes, 'no buffer charged for the refused socket').toBe(0);
      await openUpTo(ctx, p2, await fdCount(ctx, p2, j.id), FD_MAX);
      info = await j.info();
      expect(info.counters.denyFd, 'the other process had its own ceiling').toBe(2);
    },
  },
  {
    name: '4.3 fd_current is overwritten at each allocation and not updated on close',
    source: 'upstream-facts 4.3',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { fdMax: FD_MAX });
      const [p] = j.pids as [number];
      const n = await fdCount(ctx, p, j.id);
      await ctx.expectAct(p, { kind: 'open' }, 'ok');
      expect((await j.info()).usage.fds).toBe(n + 1);
      await ctx.expectAct(p, { kind: 'close' }, 'ok');
      await ctx.expectAct(p, { kind: 'close' }, 'ok');
      expect((await j.info()).usage.fds, 'close leaves it').toBe(n + 1);
      await ctx.expectAct(p, { kind: 'open' }, 'ok');
      expect((await j.info()).usage.fds).toBe(n);
    },
  },
  {
    name: '4.4 sockbuf.max caps the sum over the jail’s sockets: ENOBUFS past it, deny_sockbuf counts it',
    source: 'upstream-facts 4.4',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { sockbufMaxBytes: SOCKBUF_MAX }, 2);
      const [p1, p2] = j.pids as [number, number];
      await ctx.expectAct(p1, { kind: 'socket', sendBytes: 30_000, receiveBytes: 30_000 }, 'ok');
      expect((await j.info()).usage.sockbufBytes).toBe(60_000);
      await ctx.expectAct(
        p2,
        { kind: 'socket', sendBytes: 20_000, receiveBytes: 20_000 },
        'ok',
        'up to the sum',
      );
      expect((await j.info()).usage.sockbufBytes).toBe(SOCKBUF_MAX);
      await ctx.expectAct(p2, { kind: 'socket', sendBytes: 1, receiveBytes: 1 }, 'ENOBUFS', 'one byte more');
      const info = await j.info();
      expect(info.counters.denySockbuf).toBe(1);
      expect(info.usage.sockbufBytes).toBe(SOCKBUF_MAX);
    },
  },
  {
    name: '4.4 growth charges the difference, a shrink releases it, teardown releases everything',
    source: 'upstream-facts 4.4',
    requires: exactAccounting,
    async run(ctx) {
      const j = await limitedJail(ctx, { sockbufMaxBytes: SOCKBUF_MAX }, 2);
      const [p1, p2] = j.pids as [number, number];
      const s = await ctx.expectAct(p1, { kind: 'socket', sendBytes: 30_000, receiveBytes: 30_000 }, 'ok');
      const socket = s.ok ? s.value : -1;
      await ctx.expectAct(p2, { kind: 'socket', sendBytes: 20_000, receiveBytes: 20_000 }, 'ok');
      const current = async () => (await j.info()).usage.sockbufBytes;
      await ctx.expectAct(p1, { kind: 'sockbuf', socket, buffer: 'send', bytes: 10_000 }, 'ok', 'shrink');
      expect(await current()).toBe(80_000);
      await ctx.expectAct(p1, { kind: 'sockbuf', socket, buffer: 'send', bytes: 30_000 }, 'ok', 'grow back');
      expect(await current()).toBe(SOCKBUF_MAX);
      await ctx.expectAct(
        p1,
        { kind: 'sockbuf', socket, buffer: 'receive', bytes: 30_001 },
        'ENOBUFS',
        'grow past',
      );
      expect(await current()).toBe(SOCKBUF_MAX);
      await ctx.expectAct(p1, { kind: 'close-socket', socket }, 'ok');
      expect(await current(), 'closed').toBe(40_000);
      await ctx.expectAct(p2, { kind: 'exit', code: 0 }, 'ok');
      expect(await current(), 'holder exited').toBe(0);
      expect((await j.info()).counters.denySockbuf).toBe(1);
    },
  },
];
