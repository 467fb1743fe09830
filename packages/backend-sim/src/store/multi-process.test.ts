import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture, startFixture, waitForLine } from '../host/__fixtures__/run-ts.js';
import { simStatePath } from './paths.js';
import { createSimStateStore } from './state-store.js';

const WORKER = '../../store/__fixtures__/store-worker.ts';
const UNPRIVILEGED_UID = 65534;

const prefixes: string[] = [];
const freshPrefix = () => {
  const p = mkdtempSync(join(tmpdir(), 'jails-store-mp-'));
  prefixes.push(p);
  return p;
};
afterEach(() => {
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

describe('SimStateStore across processes', () => {
  it('loses no update among 8 processes incrementing one counter', async () => {
    const prefix = freshPrefix();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => runFixture(WORKER, ['increment', prefix, '25'])),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    expect(createSimStateStore({ prefix }).read().driver.counter).toBe(200);
  }, 60_000);

  it('never leaves a torn file when a writer is killed mid-write', async () => {
    const prefix = freshPrefix();
    for (let round = 0; round < 4; round++) {
      const writer = startFixture(WORKER, ['write-loop', prefix]);
      await waitForLine(writer, /^writing$/);
      await sleep(20 + Math.floor(Math.random() * 80));
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('close', resolve));
      const doc = createSimStateStore({ prefix }).read();
      expect(typeof doc.driver.counter).toBe('number');
      expect(String(doc.driver.payload).startsWith(`${doc.driver.counter}:`)).toBe(true);
    }
  }, 60_000);

  it('recovers the lock of a process killed while holding it', async () => {
    const prefix = freshPrefix();
    const holder = startFixture(WORKER, ['hold-lock', prefix]);
    await waitForLine(holder, /^locked$/);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('close', resolve));
    const r = await runFixture(WORKER, ['try-update', prefix]);
    expect(lastJson(r.stdout)).toEqual({ ok: true });
  }, 60_000);

  it('reports a read-only prefix clearly, while reads still work', async () => {
    const prefix = freshPrefix();
    const seeded = createSimStateStore({ prefix });
    await seeded.update((doc) => {
      doc.driver.seed = 1;
    });
    const dirs = [dirname(seeded.path), join(prefix, 'var', 'db'), join(prefix, 'var'), prefix];
    chmodSync(seeded.path, 0o644);
    for (const dir of dirs) chmodSync(dir, 0o555);
    try {
      await expectReadOnlyReported(prefix, dirname(seeded.path));
    } finally {
      for (const dir of dirs) chmodSync(dir, 0o755);
    }
  }, 60_000);

  it('keeps the state directory clean: only the state file after concurrent writers finish', async () => {
    const prefix = freshPrefix();
    mkdirSync(dirname(simStatePath(prefix)), { recursive: true });
    await Promise.all(Array.from({ length: 4 }, () => runFixture(WORKER, ['increment', prefix, '5'])));
    expect(readdirSync(dirname(simStatePath(prefix)))).toEqual(['kernel.json']);
  }, 60_000);
});

async function expectReadOnlyReported(prefix: string, stateDir: string): Promise<void> {
  const readOnlyNew = join(prefix, 'fresh');
  const asRoot = process.getuid?.() === 0;
  // root ignores permission bits, so the check runs as an unprivileged user
  const options = asRoot ? { uid: UNPRIVILEGED_UID, env: { HOME: tmpdir() } } : {};
  const update = lastJson((await runFixture(WORKER, ['try-update', prefix], options)).stdout);
  expect(update.ok).toBe(false);
  expect(update.code).toBe('BACKEND_UNAVAILABLE');
  expect(update.message).toContain(stateDir);
  expect(update.message).toContain('JAILS_PREFIX');
  const created = lastJson((await runFixture(WORKER, ['try-update', readOnlyNew], options)).stdout);
  expect(created.code).toBe('BACKEND_UNAVAILABLE');
  expect(lastJson((await runFixture(WORKER, ['try-read', prefix], options)).stdout)).toEqual({
    ok: true,
    jails: 0,
  });
}
