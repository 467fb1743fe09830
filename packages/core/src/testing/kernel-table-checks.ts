import { expect } from 'vitest';
import type { JailCreateRequest } from '../jails/jail-spec.js';
import type { ConformanceCheck } from './checks.js';
import { expectErrno } from './context.js';

const ZERO_USAGE = { procs: 0, fds: 0, sockbufBytes: 0, memoryBytes: 0, cpuTicks: 0 };
const ZERO_COUNTERS = { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 };

/** Requests the kernel must refuse with EINVAL (upstream-facts 2.5 steps 4–7), one per rule. */
export const INVALID_CREATE_REQUESTS: readonly {
  /** The rule broken, in words. */
  readonly rule: string;
  /** Fields to put over a valid request (whose name is given) to break the rule. */
  readonly patch: (name: string) => Partial<JailCreateRequest>;
}[] = [
  { rule: 'empty name', patch: () => ({ name: '' }) },
  { rule: 'name longer than 63 bytes', patch: () => ({ name: 'n'.repeat(64) }) },
  { rule: 'newline in the name', patch: (n) => ({ name: `${n}\nx` }) },
  { rule: 'empty root', patch: () => ({ root: '' }) },
  { rule: 'root longer than 255 bytes', patch: () => ({ root: `/${'r'.repeat(255)}` }) },
  { rule: 'newline in the root', patch: () => ({ root: '/tmp/a\nb' }) },
  { rule: 'profile outside low|medium|high', patch: () => ({ profile: 'extreme' as never }) },
  { rule: 'cpu quota set to 0', patch: () => ({ limits: { cpuQuotaTicks: 0, cpuPeriodMicros: 1_000_000 } }) },
  { rule: 'cpu period set to 0', patch: () => ({ limits: { cpuQuotaTicks: 10, cpuPeriodMicros: 0 } }) },
  { rule: 'memory.max set to 0', patch: () => ({ limits: { memoryMaxBytes: 0 } }) },
  { rule: 'proc.max set to 0', patch: () => ({ limits: { procMax: 0 } }) },
  { rule: 'fd.max set to 0', patch: () => ({ limits: { fdMax: 0 } }) },
  { rule: 'sockbuf.max set to 0', patch: () => ({ limits: { sockbufMaxBytes: 0 } }) },
  { rule: 'quota without period', patch: () => ({ limits: { cpuQuotaTicks: 100 } }) },
  { rule: 'period without quota', patch: () => ({ limits: { cpuPeriodMicros: 1_000_000 } }) },
  { rule: 'ports flag with no ports', patch: () => ({ reservedPorts: [] }) },
  {
    rule: 'more than 32 ports',
    patch: () => ({ reservedPorts: Array.from({ length: 33 }, (_, i) => 20000 + i) }),
  },
  { rule: 'port 0', patch: () => ({ reservedPorts: [8080, 0] }) },
  { rule: 'duplicate port', patch: () => ({ reservedPorts: [8080, 8081, 8080] }) },
];

/** The kernel jail-table contract (upstream-facts 2 and 6). Applies to every backend. */
export const kernelTableChecks: readonly ConformanceCheck[] = [
  {
    name: 'probe reports an available backend and host root',
    source: 'architecture 3',
    async run(ctx) {
      const probe = await ctx.backend.probe();
      expect(probe.backend).toBe(ctx.backend.name);
      expect(probe.available).toBe(true);
      expect(probe.hostRoot).toBe(true);
      expect(Number.isInteger(probe.protocolVersion)).toBe(true);
    },
  },
  {
    name: 'create returns the jail as list shows it, and destroy removes it',
    source: 'upstream-facts 2.4, 2.5',
    async run(ctx) {
      const jail = await ctx.create({
        limits: { cpuQuotaTicks: 200, cpuPeriodMicros: 1_000_000, memoryMaxBytes: 536870912, procMax: 512 },
        reservedPorts: [18080],
        profile: 'medium',
      });
      expect(jail.id).toBeGreaterThan(0);
      expect(jail.limits).toEqual({
        cpuQuotaTicks: 200,
        cpuPeriodMicros: 1_000_000,
        memoryMaxBytes: 536870912,
        procMax: 512,
        fdMax: 0,
        sockbufMaxBytes: 0,
      });
      expect(jail.usage).toEqual(ZERO_USAGE);
      expect(jail.counters).toEqual(ZERO_COUNTERS);
      expect(jail.refcount).toBe(0);
      const listed = (await ctx.backend.listJails()).find((j) => j.id === jail.id);
      expect(listed).toEqual(jail);
      await ctx.destroy(jail.id);
      expect((await ctx.backend.listJails()).some((j) => j.id === jail.id)).toBe(false);
    },
  },
  {
    name: 'list returns the newest jail first',
    source: 'upstream-facts 2.5 (list), step 9',
    async run(ctx) {
      const a = await ctx.create();
      const b = await ctx.create();
      const c = await ctx.create();
      expect((await ctx.ownJails()).map((j) => j.id)).toEqual([c.id, b.id, a.id]);
      expect(c.id).toBeGreaterThan(b.id);
      expect(b.id).toBeGreaterThan(a.id);
    },
  },
  {
    name: 'ids are never reused, even for a re-created name',
    source: 'upstream-facts 6.1',
    async run(ctx) {
      const name = ctx.name('reuse');
      const first = await ctx.create({ name });
      await ctx.destroy(first.id);
      const second = await ctx.create({ name });
      expect(second.id).toBeGreaterThan(first.id);
      await ctx.destroy(second.id);
      const third = await ctx.create();
      expect(third.id).toBeGreaterThan(second.id);
    },
  },
  {
    name: 'a live name cannot be created twice (EEXIST)',
    source: 'upstream-facts 2.5 step 8',
    async run(ctx) {
      const name = ctx.name('dup');
      await ctx.create({ name });
      await expectErrno(ctx.create({ name }), 'EEXIST');
      expect((await ctx.ownJails()).filter((j) => j.name === name)).toHaveLength(1);
    },
  },
  {
    name: 'a port reserved by a live jail cannot be reserved again (EEXIST) until that jail is gone',
    source: 'upstream-facts 2.5 step 8, 5',
    async run(ctx) {
      const owner = await ctx.create({ reservedPorts: [18081, 18082] });
      const name = ctx.name('clash');
      await expectErrno(ctx.create({ name, reservedPorts: [19000, 18082] }), 'EEXIST');
      expect((await ctx.ownJails()).some((j) => j.name === name)).toBe(false);
      await ctx.destroy(owner.id);
      const taker = await ctx.create({ name, reservedPorts: [19000, 18082] });
      expect(taker.name).toBe(name);
    },
  },
  ...INVALID_CREATE_REQUESTS.map(({ rule, patch }): import('./checks.js').ConformanceCheck => ({
    name: `create rejects ${rule} (EINVAL) and creates nothing`,
    source: 'upstream-facts 2.5 steps 4–7',
    async run(ctx) {
      const before = (await ctx.backend.listJails()).length;
      const name = ctx.name('bad');
      await expectErrno(ctx.create({ ...ctx.request({ name }), ...patch(name) }), 'EINVAL');
      expect((await ctx.backend.listJails()).length).toBe(before);
    },
  })),
  {
    name: 'create accepts the boundary values (63-byte name, 255-byte root, 32 ports, each profile)',
    source: 'upstream-facts 2.2, 2.5',
    async run(ctx) {
      const long = `${ctx.name('b')}-`.padEnd(63, 'x');
      await ctx.create({ name: long, root: `/${'r'.repeat(254)}` });
      await ctx.create({ reservedPorts: Array.from({ length: 32 }, (_, i) => 21000 + i) });
      for (const profile of ['low', 'medium', 'high'] as const) await ctx.create({ profile });
      expect((await ctx.ownJails()).map((j) => j.name)).toContain(long);
    },
  },
  {
    name: 'destroy of an unknown id fails with ENOENT, of id 0 with EINVAL',
    source: 'upstream-facts 2.5 (destroy)',
    async run(ctx) {
      const jail = await ctx.create();
      await ctx.destroy(jail.id);
      await expectErrno(ctx.backend.destroyJail(jail.id), 'ENOENT');
      await expectErrno(ctx.backend.destroyJail(0), 'EINVAL');
    },
  },
  {
    name: 'destroy of a populated jail fails with EBUSY, and succeeds once the members are gone',
    source: 'upstream-facts 2.5 (destroy), 6.4',
    async run(ctx) {
      const jail = await ctx.create();
      const child = await ctx.spawnSleeper(jail.id);
      expect(child.jailId).toBe(jail.id);
      await expectErrno(ctx.backend.destroyJail(jail.id), 'EBUSY');
      expect((await ctx.ownJails()).map((j) => j.id)).toContain(jail.id);
      child.kill('SIGKILL', { group: true });
      const exit = await child.exited;
      expect(exit.signal ?? exit.code).not.toBeNull();
      await ctx.destroy(jail.id);
    },
  },
  {
    name: 'spawning into a jail that does not exist fails with ENOENT',
    source: 'upstream-facts 6.2',
    async run(ctx) {
      const jail = await ctx.create();
      await ctx.destroy(jail.id);
      await expectErrno(
        ctx.backend.spawnInJail(jail.id, ctx.fixtures.sleepArgv, { stdio: 'ignore' }),
        'ENOENT',
      );
    },
  },
  {
    name: 'the id counter wraps to EOVERFLOW and stays there',
    source: 'upstream-facts 2.5 step 8, 6.1',
    requires: (caps) => caps.injectableIdCounter,
    async run(ctx) {
      ctx.backend.testHooks?.setNextJailId?.(0xffff_ffff);
      const last = await ctx.create();
      expect(last.id).toBe(0xffff_ffff);
      await expectErrno(ctx.create(), 'EOVERFLOW');
      await ctx.destroy(last.id);
      await expectErrno(ctx.create(), 'EOVERFLOW');
    },
  },
];
