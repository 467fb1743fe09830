import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JailProcess } from '@jails/core/backend';
import { expectErrno } from '@jails/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_SIM_NOTICE, takeHostSimNotice } from './host/notice.js';
import { createProcfsSource } from './host/procfs-source.js';
import { createHostSimBackend, type HostSimBackend, type HostSimBackendOptions } from './host-backend.js';

const prefixes: string[] = [];
const backends: HostSimBackend[] = [];
const children: JailProcess[] = [];
const setup = (options: HostSimBackendOptions = {}) => {
  const prefix = mkdtempSync(join(tmpdir(), 'jails-host-'));
  prefixes.push(prefix);
  const backend = createHostSimBackend({ prefix, ...options });
  backends.push(backend);
  return { prefix, backend };
};
const track = (child: JailProcess) => {
  children.push(child);
  return child;
};
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL', { group: true });
    await c.exited;
  }
  for (const b of backends.splice(0)) await b.dispose();
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const until = async (what: () => Promise<boolean>, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const readAll = async (child: JailProcess) => {
  let text = '';
  for await (const chunk of child.stdout ?? []) text += String(chunk);
  return text;
};
const usage = async (backend: HostSimBackend, name: string) =>
  (await backend.listJails()).find((j) => j.name === name)!.usage;

describe.runIf(process.platform === 'linux')('createHostSimBackend', () => {
  it('runs a member in the jail root with its jail in the environment', async () => {
    const { prefix, backend } = setup();
    const root = join(prefix, 'jails', 'web');
    mkdirSync(root, { recursive: true });
    const jail = await backend.createJail({ name: 'web', root });
    const child = await backend.spawnInJail(
      jail.id,
      ['sh', '-c', 'pwd; echo "$JAILS_JID $JAILS_JAIL_NAME"'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const out = await readAll(child);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(out.trim().split('\n')).toEqual([root, `${jail.id} web`]);
  });

  it('counts descendants as members and shows live usage', async () => {
    const { backend } = setup();
    const jail = await backend.createJail({ name: 'tree', root: '/nonexistent' });
    track(
      await backend.spawnInJail(jail.id, ['sh', '-c', 'sleep 600 & sleep 600 & wait'], {
        stdio: 'ignore',
        newSession: true,
      }),
    );
    await until(async () => (await usage(backend, 'tree')).procs === 3);
    const u = await usage(backend, 'tree');
    expect(u.memoryBytes).toBeGreaterThan(0);
    expect(u.fds).toBeGreaterThan(0);
    await expectErrno(backend.destroyJail(jail.id), 'EBUSY');
  });

  it('finds a process its member left behind (re-parented to init) by its environment', async () => {
    const { backend } = setup();
    const jail = await backend.createJail({ name: 'orphan', root: '/nonexistent' });
    const child = await backend.spawnInJail(jail.id, ['sh', '-c', 'sleep 600 >/dev/null 2>&1 & echo $!'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const orphan = Number((await readAll(child)).trim());
    await child.exited;
    try {
      expect(await usage(backend, 'orphan')).toMatchObject({ procs: 1 });
      const { members } = await backend.observe();
      expect(members.map((m) => m.pid)).toEqual([orphan]);
      await expectErrno(backend.destroyJail(jail.id), 'EBUSY');
    } finally {
      process.kill(orphan, 'SIGKILL');
    }
    await until(async () => (await usage(backend, 'orphan')).procs === 0);
    await backend.destroyJail(jail.id);
  });

  it('never counts a stale pid (same pid, other start time) as a member', async () => {
    const { backend } = setup();
    const jail = await backend.createJail({ name: 'stale', root: '/nonexistent' });
    await backend.store.update((doc) => {
      // our own pid, with a start time it does not have: a member that died and whose pid was reused
      doc.kernel.processes.push({
        pid: process.pid,
        ppid: 1,
        uid: 0,
        euid: 0,
        jid: jail.id,
        state: 'live',
        argv: ['gone'],
        host: { pid: process.pid, startTimeTicks: 1 },
      } as never);
    });
    expect((await usage(backend, 'stale')).procs).toBe(0);
    await backend.destroyJail(jail.id);
  });

  it('samples a member that exits between the table read and its descriptor read', async () => {
    const procfs = createProcfsSource();
    const { backend } = setup({ source: { ...procfs, fdCount: () => undefined } });
    const jail = await backend.createJail({ name: 'vanish', root: '/nonexistent' });
    track(await backend.spawnInJail(jail.id, ['sleep', '600'], { stdio: 'ignore' }));
    const u = await usage(backend, 'vanish');
    expect(u.procs).toBe(1);
    expect(u.fds).toBe(0);
  });

  it('refuses a command that does not exist with ENOENT and records nothing', async () => {
    const { backend } = setup();
    const jail = await backend.createJail({ name: 'nocmd', root: '/nonexistent' });
    await expectErrno(backend.spawnInJail(jail.id, ['no-such-command-here'], { stdio: 'ignore' }), 'ENOENT');
    await backend.destroyJail(jail.id);
  });

  it('reports a member bound to a port another jail reserved, and a jail over procMax', async () => {
    const { backend } = setup();
    const port = 20_000 + (process.pid % 20_000);
    const owner = await backend.createJail({ name: 'owner', root: '/nonexistent', reservedPorts: [port] });
    const intruder = await backend.createJail({
      name: 'intruder',
      root: '/nonexistent',
      limits: { procMax: 1 },
    });
    const listen = `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`;
    const child = track(
      await backend.spawnInJail(intruder.id, [process.execPath, '-e', listen], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    await new Promise((r) => child.stdout?.once('data', r));
    track(await backend.spawnInJail(intruder.id, ['sleep', '600'], { stdio: 'ignore' }));
    const { violations } = await backend.observe();
    expect(violations).toContainEqual({
      kind: 'reserved-port',
      jailId: intruder.id,
      pid: child.pid,
      port,
      protocol: 'tcp',
      reservedBy: owner.id,
    });
    expect(violations).toContainEqual({ kind: 'proc-max', jailId: intruder.id, procs: 2, procMax: 1 });
  });

  it('tells the user once per prefix that processes are not isolated, and says so on probe', async () => {
    const { prefix, backend } = setup();
    const probe = await backend.probe();
    expect(probe).toMatchObject({ backend: 'sim', available: true, hostRoot: true, detail: HOST_SIM_NOTICE });
    expect(backend.notice).toMatch(/NOT isolated/);
    expect(takeHostSimNotice(prefix)).toBe(HOST_SIM_NOTICE);
    expect(takeHostSimNotice(prefix)).toBeUndefined();
  });

  it('probes a corrupt state as unavailable with the reason, and recovers on request', async () => {
    const { backend } = setup();
    mkdirSync(dirname(backend.store.path), { recursive: true });
    writeFileSync(backend.store.path, 'not json');
    const probe = await backend.probe();
    expect(probe.available).toBe(false);
    expect(probe.detail).toContain(backend.store.path);
    await expect(backend.listJails()).rejects.toMatchObject({ code: 'STATE_CORRUPT' });
    expect((await backend.recover()).movedTo).toMatch(/kernel\.json\.corrupt-/);
    expect(await backend.listJails()).toEqual([]);
  });
});
