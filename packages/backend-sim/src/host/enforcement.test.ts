import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JailProcess } from '@jails/core/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostSimBackend, type HostSimBackend } from '../host-backend.js';

const prefixes: string[] = [];
const backends: HostSimBackend[] = [];
const children: JailProcess[] = [];
const setup = () => {
  const prefix = mkdtempSync(join(tmpdir(), 'jails-enforce-'));
  prefixes.push(prefix);
  const backend = createHostSimBackend({ prefix, sampleIntervalMs: 200 });
  backends.push(backend);
  return backend;
};
afterEach(async () => {
  for (const c of children.splice(0)) {
    c.kill('SIGKILL', { group: true });
    await c.exited;
  }
  for (const b of backends.splice(0)) await b.dispose();
  for (const p of prefixes.splice(0)) rmSync(p, { recursive: true, force: true });
});

const output = async (child: JailProcess) => {
  let text = '';
  for await (const chunk of child.stdout ?? []) text += String(chunk);
  return { text: text.trim(), exit: await child.exited };
};

const OPEN_UNTIL_FAILURE = `
const fs = require('node:fs');
let n = 0;
try { for (;;) { fs.openSync('/dev/null', 'r'); n++; if (n > 4096) break; } console.log('opened', n); }
catch (e) { console.log(e.code, n); }`;

const ALLOCATE_2_GIB = `
try { const b = Buffer.alloc(2 * 1024 ** 3); console.log('allocated', b.length); }
catch (e) { console.log('failed', e.message); }`;

const procState = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
};

describe.runIf(process.platform === 'linux')('host driver enforcement (real workloads)', () => {
  it('gives a workload that opens too many files EMFILE at fdMax', async () => {
    const backend = setup();
    const jail = await backend.createJail({ name: 'fd', root: '/nonexistent', limits: { fdMax: 64 } });
    const { text, exit } = await output(
      await backend.spawnInJail(jail.id, [process.execPath, '-e', OPEN_UNTIL_FAILURE], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    expect(exit.code).toBe(0);
    const [code, opened] = text.split(' ');
    expect(code).toBe('EMFILE');
    expect(Number(opened)).toBeLessThan(64);

    const free = await backend.createJail({ name: 'free', root: '/nonexistent' });
    const control = await output(
      await backend.spawnInJail(free.id, [process.execPath, '-e', OPEN_UNTIL_FAILURE], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    expect(control.text.startsWith('opened') || Number(control.text.split(' ')[1]) > 64).toBe(true);
  });

  it('makes an allocation past memoryMaxBytes fail', async () => {
    const backend = setup();
    const jail = await backend.createJail({
      name: 'mem',
      root: '/nonexistent',
      limits: { memoryMaxBytes: 1024 ** 3 },
    });
    const { text } = await output(
      await backend.spawnInJail(jail.id, [process.execPath, '-e', ALLOCATE_2_GIB], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    expect(text).toMatch(/^failed/);
  });

  it('stops a CPU-bound workload over its quota, counts throttleCpu, and continues it when the window rolls', async () => {
    const backend = setup();
    const jail = await backend.createJail({
      name: 'cpu',
      root: '/nonexistent',
      limits: { cpuQuotaTicks: 5, cpuPeriodMicros: 1_000_000 },
    });
    const child = await backend.spawnInJail(jail.id, ['sh', '-c', 'while :; do :; done'], {
      stdio: 'ignore',
      newSession: true,
    });
    children.push(child);
    expect(backend.sampler.running).toBe(true);
    let stoppedSeen = false;
    let continuedSeen = false;
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && !continuedSeen) {
      const state = procState(child.pid);
      if (state === 'T') stoppedSeen = true;
      else if (stoppedSeen && state === 'R') continuedSeen = true;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(stoppedSeen).toBe(true); // stopped while over quota
    expect(continuedSeen).toBe(true); // continued once the window rolled over
    expect(await throttled(backend)).toBeGreaterThanOrEqual(1);
    child.kill('SIGKILL');
    await child.exited;
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.sampler.running).toBe(false);
  }, 20_000);
});

async function throttled(backend: HostSimBackend): Promise<number> {
  const [jail] = await backend.listJails();
  return jail?.counters.throttleCpu ?? 0;
}
