import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { JailError } from '@jails/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';
import { simStatePath } from './paths.js';
import { SIM_STATE_FORMAT_VERSION, serializeSimState } from './state-file.js';
import { createSimStateStore } from './state-store.js';

const prefixes: string[] = [];
const freshPrefix = () => {
  const p = mkdtempSync(join(tmpdir(), 'jails-store-'));
  prefixes.push(p);
  return p;
};
afterEach(() => {
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const caught = (fn: () => unknown): JailError => {
  try {
    fn();
  } catch (e) {
    if (JailError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a JailError');
};

describe('SimStateStore', () => {
  it('reads a missing prefix as an empty kernel without creating anything, and creates it on the first update', async () => {
    const prefix = join(freshPrefix(), 'not', 'yet');
    const store = createSimStateStore({ prefix });
    expect(store.read().kernel.jails).toEqual([]);
    expect(existsSync(prefix)).toBe(false);
    await store.update((doc) =>
      new SimKernel({ state: doc.kernel }).create(HOST_ROOT, { name: 'web', root: '/r' }),
    );
    expect(existsSync(simStatePath(prefix))).toBe(true);
    const again = createSimStateStore({ prefix }).read();
    expect(again.kernel.jails.map((j) => j.name)).toEqual(['web']);
  });

  it('writes nothing when the mutation throws or changes nothing', async () => {
    const prefix = freshPrefix();
    const store = createSimStateStore({ prefix });
    await expect(
      store.update((doc) => {
        doc.driver.x = 1;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await store.update(() => undefined);
    expect(existsSync(store.path)).toBe(false);
  });

  it('never loses an update among concurrent in-process callers', async () => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    const bump = () =>
      store.update((doc) => {
        doc.driver.n = ((doc.driver.n as number | undefined) ?? 0) + 1;
      });
    await Promise.all(Array.from({ length: 50 }, bump));
    expect(createSimStateStore({ prefix: store.prefix }).read().driver.n).toBe(50);
  });

  it('reports a corrupt file as STATE_CORRUPT naming it, never resets it, and recovers on request', async () => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    mkdirSync(dirname(store.path), { recursive: true });
    writeFileSync(store.path, '{"format":"jails-sim-kernel","formatVer');
    const error = caught(() => store.read());
    expect(error.code).toBe('STATE_CORRUPT');
    expect(error.message).toContain(store.path);
    expect(error.message).toContain('recover()');
    await expect(store.update(() => undefined)).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect(readFileSync(store.path, 'utf8')).toBe('{"format":"jails-sim-kernel","formatVer');

    const { movedTo } = await store.recover();
    expect(movedTo).toBeDefined();
    expect(readFileSync(movedTo!, 'utf8')).toBe('{"format":"jails-sim-kernel","formatVer');
    expect(store.read().kernel.jails).toEqual([]);
    expect((await store.recover()).movedTo).toBeUndefined();
  });

  it.each([
    ['an empty file', ''],
    ['JSON that is not a state file', '{"hello":1}'],
    [
      'a jail without a name',
      JSON.stringify({
        format: 'jails-sim-kernel',
        formatVersion: 1,
        instanceId: 'x',
        kernel: {
          version: 1,
          nextJailId: 2,
          cpuLimitsActive: 0,
          nextPid: 100,
          jails: [{ id: 1 }],
          processes: [],
        },
      }),
    ],
  ])('treats %s as corrupt', (_label, text) => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    mkdirSync(dirname(store.path), { recursive: true });
    writeFileSync(store.path, text);
    expect(caught(() => store.read()).code).toBe('STATE_CORRUPT');
  });

  it('refuses a state file written by a newer release with a clear error', async () => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    await store.update((doc) => {
      doc.driver.x = 1;
    });
    const envelope = JSON.parse(readFileSync(store.path, 'utf8'));
    writeFileSync(store.path, JSON.stringify({ ...envelope, formatVersion: SIM_STATE_FORMAT_VERSION + 1 }));
    const error = caught(() => store.read());
    expect(error.code).toBe('PROTOCOL_MISMATCH');
    expect(error.message).toMatch(/newer @jails\/backend-sim .*upgrade/);
    writeFileSync(store.path, JSON.stringify({ ...envelope, kernel: { ...envelope.kernel, version: 2 } }));
    expect(caught(() => store.read()).code).toBe('PROTOCOL_MISMATCH');
  });

  it('takes over a lock left behind by a dead holder once it is stale', async () => {
    const store = createSimStateStore({ prefix: freshPrefix(), staleLockMs: 2000 });
    mkdirSync(`${store.path}.lock`, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${store.path}.lock`, old, old);
    await store.update((doc) => {
      doc.driver.after = true;
    });
    expect(store.read().driver.after).toBe(true);
    expect(existsSync(`${store.path}.lock`)).toBe(false);
  });

  it('removes temp files a killed writer left behind, on the next write', async () => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    mkdirSync(dirname(store.path), { recursive: true });
    writeFileSync(`${store.path}.4242.deadbeef.tmp`, '{"torn');
    await store.update((doc) => {
      doc.driver.x = 1;
    });
    expect(readdirSync(dirname(store.path))).toEqual(['kernel.json']);
  });

  it('updates synchronously under the same lock', () => {
    const store = createSimStateStore({ prefix: freshPrefix() });
    store.updateSync((doc) => {
      doc.kernel.nextJailId = 7;
    });
    expect(store.read().kernel.nextJailId).toBe(7);
  });

  it('reports a prefix that is a file as unusable, naming it', async () => {
    const base = freshPrefix();
    writeFileSync(join(base, 'var'), 'not a directory');
    const store = createSimStateStore({ prefix: base });
    await expect(store.update(() => undefined)).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect(store.writableProblem()).toContain('JAILS_PREFIX');
  });

  it('serializes a document to one JSON line', () => {
    const text = serializeSimState({
      instanceId: 'i',
      kernel: createSimStateStore({ prefix: '/x' }).read().kernel,
      driver: {},
    });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim().includes('\n')).toBe(false);
  });
});
