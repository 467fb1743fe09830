import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { simStatePath } from '../store/paths.js';
import { createSimStateStore } from '../store/state-store.js';
import { runFixture } from './__fixtures__/run-ts.js';

const CLI = './jails-cli.ts';
const prefixes: string[] = [];
const started: number[] = [];
const freshPrefix = () => {
  const p = mkdtempSync(join(tmpdir(), 'jails-host-mp-'));
  prefixes.push(p);
  return p;
};
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const cli = async (prefix: string, ...args: string[]) => {
  const r = await runFixture(CLI, [prefix, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? 'null');
};

describe('one simulated kernel shared by separate processes', () => {
  it('creates, lists, spawns into and destroys jails across processes', async () => {
    const prefix = freshPrefix();
    const created = await cli(prefix, 'create', 'web');
    expect(created).toEqual({ ok: true, id: 1 });
    expect((await cli(prefix, 'list')).jails.map((j: { name: string }) => j.name)).toEqual(['web']);

    const spawned = await cli(prefix, 'spawn', '1', 'sleep', '600');
    expect(spawned.ok).toBe(true);
    started.push(spawned.pid);
    const [web] = (await cli(prefix, 'list')).jails;
    expect(web.usage.procs).toBe(1);
    expect(web.refcount).toBe(1);
    expect(web.usage.memoryBytes).toBeGreaterThan(0);
    expect(web.usage.fds).toBeGreaterThan(0);
    expect(await cli(prefix, 'destroy', '1')).toMatchObject({ ok: false, errno: 'EBUSY' });

    process.kill(spawned.pid, 'SIGKILL');
    await waitGone(spawned.pid);
    expect(await cli(prefix, 'destroy', '1')).toEqual({ ok: true });
    expect((await cli(prefix, 'list')).jails).toEqual([]);
  }, 60_000);

  it('lets exactly one of two processes creating "web" at once win; the other gets EEXIST', async () => {
    const prefix = freshPrefix();
    const results = await Promise.all([cli(prefix, 'create', 'web'), cli(prefix, 'create', 'web')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      expect.objectContaining({ errno: 'EEXIST', code: 'ALREADY_EXISTS' }),
    ]);
    expect((await cli(prefix, 'list')).jails).toHaveLength(1);
  }, 60_000);

  it('stays consistent with 20 processes creating, populating and destroying jails at once', async () => {
    const prefix = freshPrefix();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => cli(prefix, 'cycle', `c${i}`)));
    for (const r of results) expect(r).toMatchObject({ ok: true, busy: 'EBUSY' });
    const ids = results.map((r) => r.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const doc = createSimStateStore({ prefix }).read();
    expect(doc.kernel.jails).toEqual([]);
    expect(doc.kernel.nextJailId).toBe(21);
    expect(doc.kernel.processes.map((p) => p.pid)).toEqual([1]);
    expect(readdirSync(dirname(simStatePath(prefix)))).toEqual(['kernel.json']);
  }, 120_000);
});

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`pid ${pid} did not exit`);
}
