/**
 * Shows that the policy and accounting checks can fail, and on what. Two
 * kinds of mutant sit between the suite and the simulator:
 * - an outcome flip: the n-th action a check performs answers the opposite
 *   (success ↔ an errno). Every action of a check is flipped in turn, and
 *   the check must fail each time, so no asserted outcome is decorative;
 * - a counter skew: one field of what `listJails` reports is wrong (2v + 1,
 *   so that relative measurements notice it too).
 *   Every field must be caught by some check, and every accounting check
 *   must catch some field.
 */
import type { Backend, JailInfo, SyscallOutcome } from '@jails/core/backend';
import { allConformanceChecks, type ConformanceCheck, ConformanceContext } from '@jails/core/testing';
import { describe, expect, it } from 'vitest';
import { createSimBackend } from './index.js';

const fixtures = {
  rootFor: (n: string) => `/jails/${n}`,
  sleepArgv: ['/bin/sleep', '600'],
  namePrefix: 'mut',
};
const checks = allConformanceChecks().filter((c) => /^[3456]\.\d/.test(c.name));

const flip = (o: SyscallOutcome): SyscallOutcome =>
  o.ok ? { ok: false, errno: 'EPERM' } : ({ ok: true, value: undefined } as SyscallOutcome);

/** Runs `check` on a mutated sim. @returns the error the check threw, or `undefined` */
async function run(
  check: ConformanceCheck,
  mutate: (b: ReturnType<typeof createSimBackend>) => Backend,
  after?: () => void,
): Promise<unknown> {
  const ctx = new ConformanceContext(mutate(createSimBackend()), fixtures);
  try {
    await check.run(ctx);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    after?.();
    await ctx.cleanup();
  }
}

function flipping(at: number, counter: { n: number }) {
  return (sim: ReturnType<typeof createSimBackend>): Backend => ({
    ...sim,
    syscalls: {
      spawnActor: sim.syscalls.spawnActor,
      async act(pid, action) {
        const outcome = await sim.syscalls.act(pid, action);
        return (counter.n++ === at ? flip(outcome) : outcome) as never;
      },
    },
  });
}

const FIELDS = [
  ['refcount'],
  ['usage', 'procs'],
  ['usage', 'fds'],
  ['usage', 'sockbufBytes'],
  ['usage', 'memoryBytes'],
  ['usage', 'cpuTicks'],
  ['counters', 'denyProc'],
  ['counters', 'denyFd'],
  ['counters', 'denySockbuf'],
  ['counters', 'denyMemory'],
  ['counters', 'throttleCpu'],
] as const;

function skewing(path: (typeof FIELDS)[number]) {
  return (sim: ReturnType<typeof createSimBackend>): Backend => ({
    ...sim,
    async listJails() {
      return (await sim.listJails()).map((j): JailInfo => {
        const skew = (v: number) => 2 * v + 1;
        if (path.length === 1) return { ...j, refcount: skew(j.refcount) };
        const [group, key] = path;
        return {
          ...j,
          [group]: { ...j[group], [key]: skew((j[group] as unknown as Record<string, number>)[key]!) },
        };
      });
    },
  });
}

describe('policy and accounting checks: outcome flips', () => {
  for (const check of checks) {
    it(`every action of "${check.name}" is asserted`, async () => {
      const counter = { n: 0 };
      let performed = 0;
      expect(await run(check, flipping(-1, counter), () => (performed = counter.n))).toBeUndefined();
      expect(performed).toBeGreaterThan(0);
      const survivors: number[] = [];
      for (let at = 0; at < performed; at++) {
        if ((await run(check, flipping(at, { n: 0 }))) === undefined) survivors.push(at);
      }
      expect(survivors, `flipped actions the check did not notice (of ${performed})`).toEqual([]);
    });
  }
});

describe('accounting checks: counter skews', () => {
  const accounting = checks.filter((c) => /^4\.|^6\.2 entering|^3\.2 FORK/.test(c.name));
  const caught = new Map<string, Set<string>>();
  for (const path of FIELDS) {
    it(`a skewed ${path.join('.')} is caught`, async () => {
      const by = new Set<string>();
      for (const check of accounting) if ((await run(check, skewing(path))) !== undefined) by.add(check.name);
      caught.set(path.join('.'), by);
      expect(by.size).toBeGreaterThan(0);
    });
  }
  it('every accounting check catches some skew', () => {
    const catching = new Set([...caught.values()].flatMap((s) => [...s]));
    expect(accounting.filter((c) => !catching.has(c.name)).map((c) => c.name)).toEqual([]);
  });
});
