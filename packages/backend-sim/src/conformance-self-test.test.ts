/**
 * The conformance suite's own test: each mutant below breaks exactly one
 * kernel rule, and the check for that rule must fail on it. This is what
 * shows the suite can fail at all.
 */
import type { Backend, JailInfo } from '@jails/core/backend';
import { JailError } from '@jails/core/backend';
import { allConformanceChecks, runConformanceCheck } from '@jails/core/testing';
import { describe, expect, it } from 'vitest';
import { createSimBackend } from './index.js';

type Mutant = (sim: ReturnType<typeof createSimBackend>) => Partial<Backend>;

const swallow = (errno: string, fallback: () => Promise<JailInfo>) => (error: unknown) => {
  if (JailError.hasErrno(error, errno as never)) return fallback();
  throw error;
};

const MUTANTS: Record<string, { mutant: Mutant; breaks: string }> = {
  'lists oldest first': {
    breaks: 'list returns the newest jail first',
    mutant: (sim) => ({ listJails: async () => [...(await sim.listJails())].reverse() }),
  },
  'reuses the id of a destroyed jail': {
    breaks: 'ids are never reused, even for a re-created name',
    mutant: (sim) => ({
      destroyJail: async (id) => {
        await sim.destroyJail(id);
        sim.kernel.setNextJailId(id);
      },
    }),
  },
  'accepts a live name twice': {
    breaks: 'a live name cannot be created twice (EEXIST)',
    mutant: (sim) => ({
      createJail: (req) =>
        sim.createJail(req).catch(swallow('EEXIST', () => sim.createJail({ ...req, name: `${req.name}-2` }))),
    }),
  },
  'ignores reserved-port clashes': {
    breaks: 'a port reserved by a live jail cannot be reserved again (EEXIST) until that jail is gone',
    mutant: (sim) => ({
      createJail: (req) =>
        sim
          .createJail(req)
          .catch(swallow('EEXIST', () => sim.createJail({ name: req.name, root: req.root }))),
    }),
  },
  'accepts a flagged limit of 0': {
    breaks: 'create rejects memory.max set to 0 (EINVAL) and creates nothing',
    mutant: (sim) => ({
      createJail: (req) => {
        const limits = Object.fromEntries(Object.entries(req.limits ?? {}).filter(([, v]) => v !== 0));
        return sim.createJail({ ...req, limits });
      },
    }),
  },
  'accepts a newline in the root': {
    breaks: 'create rejects newline in the root (EINVAL) and creates nothing',
    mutant: (sim) => ({
      createJail: (req) => sim.createJail({ ...req, root: req.root.replaceAll('\n', ' ') }),
    }),
  },
  'destroys a populated jail': {
    breaks: 'destroy of a populated jail fails with EBUSY, and succeeds once the members are gone',
    mutant: (sim) => ({
      destroyJail: async (id) => {
        for (const p of sim.kernel.state.processes.filter((p) => p.jid === id)) p.jid = 0;
        await sim.destroyJail(id);
      },
    }),
  },
  'treats an unknown id as destroyed': {
    breaks: 'destroy of an unknown id fails with ENOENT, of id 0 with EINVAL',
    mutant: (sim) => ({
      destroyJail: (id) =>
        sim.destroyJail(id).catch((e: unknown) => {
          if (!JailError.hasErrno(e, 'ENOENT')) throw e;
        }),
    }),
  },
  'wraps the id counter back to 1': {
    breaks: 'the id counter wraps to EOVERFLOW and stays there',
    mutant: (sim) => ({
      createJail: async (req) => {
        if (sim.kernel.state.nextJailId === 0) sim.kernel.setNextJailId(1);
        return sim.createJail(req);
      },
    }),
  },
  'does not echo the limits it was given': {
    breaks: 'create returns the jail as list shows it, and destroy removes it',
    mutant: (sim) => ({
      createJail: async (req) => sim.createJail({ name: req.name, root: req.root }),
    }),
  },
};

const checkNamed = (name: string) => {
  const check = allConformanceChecks().find((c) => c.name === name);
  if (!check) throw new Error(`no conformance check named ${JSON.stringify(name)}`);
  return check;
};

describe('conformance suite self-test', () => {
  for (const [label, { mutant, breaks }] of Object.entries(MUTANTS)) {
    it(`fails on a backend that ${label}`, async () => {
      const create = () => {
        const sim = createSimBackend();
        return { ...sim, ...mutant(sim) };
      };
      await expect(runConformanceCheck(checkNamed(breaks), create)).rejects.toThrow();
    });
    it(`passes the same check without the mutation (${label})`, async () => {
      await expect(
        runConformanceCheck(checkNamed(breaks), () => createSimBackend()),
      ).resolves.toBeUndefined();
    });
  }

  it('passes every check on the unmutated simulator', async () => {
    for (const check of allConformanceChecks()) {
      await runConformanceCheck(check, () => createSimBackend());
    }
  });
});
