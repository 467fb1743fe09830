import { describe, expect, it, vi } from 'vitest';
import type { Backend, JailProcess } from '../backend/backend.js';
import { createFakeClock } from '../clock/clock.js';
import { BackendError, errnoError, JailError } from '../errors/jail-error.js';
import type { JailInfo } from '../jails/jail-info.js';
import type { JailCreateRequest } from '../jails/jail-spec.js';
import { createJails } from './jails-client.js';

const info = (id: number, name: string): JailInfo => ({
  id,
  name,
  root: `/jails/${name}`,
  refcount: 0,
  limits: {
    cpuQuotaTicks: 0,
    cpuPeriodMicros: 0,
    memoryMaxBytes: 0,
    procMax: 0,
    fdMax: 0,
    sockbufMaxBytes: 0,
  },
  usage: { procs: 0, fds: 0, sockbufBytes: 0, memoryBytes: 0, cpuTicks: 0 },
  counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
});

/** A recording backend whose answers each test scripts. */
function recordingBackend(overrides: Partial<Backend> = {}) {
  const jails: JailInfo[] = [info(7, '42'), info(3, 'web')];
  const calls: string[] = [];
  const backend: Backend = {
    specVersion: 1,
    name: 'recording',
    capabilities: { policy: 'none', processes: 'virtual', accounting: 'none', injectableIdCounter: false },
    probe: async () => ({ backend: 'recording', available: true, hostRoot: true, protocolVersion: 1 }),
    createJail: async (req: JailCreateRequest) => {
      calls.push(`create ${JSON.stringify(req)}`);
      return info(9, req.name);
    },
    destroyJail: async (id) => {
      calls.push(`destroy ${id}`);
    },
    listJails: async () => {
      calls.push('list');
      return jails;
    },
    spawnInJail: async (id, argv) => {
      calls.push(`spawn ${id} ${argv.join(' ')}`);
      return { pid: 100, jailId: id } as JailProcess;
    },
    dispose: vi.fn(async () => undefined),
    ...overrides,
  };
  return { backend, calls };
}

describe('createJails', () => {
  it('validates before touching the backend', async () => {
    const { backend, calls } = recordingBackend();
    const jails = createJails({ backend });
    await expect(jails.create({ name: 'web', root: 'relative' })).rejects.toMatchObject({ field: 'root' });
    expect(calls).toEqual([]);
  });

  it('sends the kernel request: zero limits unflagged, empty ports dropped', async () => {
    const { backend, calls } = recordingBackend();
    const jails = createJails({ backend });
    await jails.create({ name: 'web', root: '/j/web', limits: { fdMax: 0, procMax: 5 }, reservedPorts: [] });
    expect(calls).toEqual(['create {"name":"web","root":"/j/web","limits":{"procMax":5}}']);
  });

  it('resolves targets as upstream: digits are ids, other strings names', async () => {
    const { backend } = recordingBackend();
    const jails = createJails({ backend });
    expect((await jails.resolve('3')).name).toBe('web');
    expect((await jails.resolve('web')).id).toBe(3);
    expect((await jails.resolve(7)).name).toBe('42');
    await expect(jails.resolve('42')).rejects.toThrow('jail 42 not found');
    await expect(jails.resolve('db')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "jail 'db' not found",
    });
    expect(await jails.get('db')).toBeUndefined();
  });

  it('emits typed events with the injected clock', async () => {
    const { backend } = recordingBackend();
    const clock = createFakeClock(5000);
    const jails = createJails({ backend, clock });
    const created = vi.fn();
    const destroyed = vi.fn();
    const spawned = vi.fn();
    jails.on('jail:created', created).on('jail:destroyed', destroyed).on('jail:spawned', spawned);
    await jails.create({ name: 'db', root: '/j/db' });
    await jails.destroy('web');
    await jails.spawn('web', ['/bin/sh']);
    expect(created).toHaveBeenCalledWith({ jailId: 9, jail: info(9, 'db'), atMs: 5000 });
    expect(destroyed).toHaveBeenCalledWith({ jailId: 3, name: 'web', atMs: 5000 });
    expect(spawned).toHaveBeenCalledWith({ jailId: 3, pid: 100, argv: ['/bin/sh'], atMs: 5000 });
  });

  it('rejects an empty argv without calling the backend', async () => {
    const { backend, calls } = recordingBackend();
    await expect(createJails({ backend }).spawn('web', [])).rejects.toMatchObject({ field: 'argv' });
    expect(calls).toEqual([]);
  });

  it('retries only errors marked retryable', async () => {
    let attempts = 0;
    const { backend } = recordingBackend({
      listJails: async () => {
        attempts += 1;
        if (attempts < 3)
          throw new BackendError({ backend: 'recording', message: 'state locked', retryable: true });
        return [];
      },
    });
    const jails = createJails({ backend, retries: 2, retryDelayMs: 1 });
    const retrying = vi.fn();
    jails.on('call:retrying', retrying);
    expect(await jails.list()).toEqual([]);
    expect(attempts).toBe(3);
    expect(retrying).toHaveBeenCalledTimes(2);
  });

  it('gives up after the retry budget and passes the error through', async () => {
    let attempts = 0;
    const busy = new BackendError({ backend: 'recording', message: 'state locked', retryable: true });
    const { backend } = recordingBackend({
      listJails: async () => {
        attempts += 1;
        throw busy;
      },
    });
    await expect(createJails({ backend, retries: 1, retryDelayMs: 1 }).list()).rejects.toBe(busy);
    expect(attempts).toBe(2);
  });

  it('does not retry kernel refusals', async () => {
    let attempts = 0;
    const refusal = errnoError('EEXIST', { operation: 'create' });
    const { backend } = recordingBackend({
      createJail: async () => {
        attempts += 1;
        throw refusal;
      },
    });
    await expect(createJails({ backend, retryDelayMs: 1 }).create({ name: 'a', root: '/a' })).rejects.toBe(
      refusal,
    );
    expect(attempts).toBe(1);
  });

  it('stops retrying when the caller aborts', async () => {
    const { backend } = recordingBackend({
      listJails: async () => {
        throw new BackendError({ backend: 'recording', message: 'busy', retryable: true });
      },
    });
    const ac = new AbortController();
    const jails = createJails({ backend, retries: 50, retryDelayMs: 20 });
    const p = jails.list({ signal: ac.signal });
    ac.abort(new Error('caller gave up'));
    await expect(p).rejects.toThrow();
  });

  it('disposes the backend once with await using, then refuses calls', async () => {
    const { backend } = recordingBackend();
    let kept: ReturnType<typeof createJails> | undefined;
    {
      await using jails = createJails({ backend });
      kept = jails;
      await jails.list();
    }
    expect(backend.dispose).toHaveBeenCalledTimes(1);
    await kept.dispose();
    expect(backend.dispose).toHaveBeenCalledTimes(1);
    const error = await kept.list().catch((e: unknown) => e);
    expect(JailError.is(error) && error.code).toBe('BACKEND_UNAVAILABLE');
  });

  it('refuses a backend of another SPI version', () => {
    const { backend } = recordingBackend({ specVersion: 2 as never });
    expect(() => createJails({ backend })).toThrow(/SPI version 2, expected 1/);
  });
});
