import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../clock/clock.js';
import type { SupervisorExitedEvent } from './events.js';
import { createSupervisor, type Supervisor } from './supervisor.js';
import { createHostSpawnBackend } from './test-support/host-spawn-backend.js';
import { isAlive, waitUntil } from './test-support/wait.js';

const JAIL = { id: 3, name: 'web' };
const backend = createHostSpawnBackend({ jails: [JAIL] });

describe('Supervisor with real processes', () => {
  let dir: string;
  let clock: FakeClock;
  let sup: Supervisor | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jails-sup-'));
    clock = createFakeClock(1_000_000);
  });
  afterEach(async () => {
    if (sup) {
      const stopping = sup.stop();
      // a test may leave a SIGTERM-proof workload behind: let the grace period pass
      while (sup.state !== 'stopped') {
        await clock.advance(5000);
        await new Promise((r) => setTimeout(r, 10));
      }
      await stopping;
    }
    sup = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (argv: string[], extra: Partial<Parameters<typeof createSupervisor>[0]> = {}) => {
    sup = createSupervisor({ backend, jail: JAIL, argv, clock, syslog: false, ...extra });
    return sup;
  };

  it('restarts a crash loop after 1, 2, 4, 8, 10, 10 s and resets after a run of 30 s', async () => {
    // runs 1-6 crash at once; run 7 lives until the test says so; later runs crash again
    const script = `n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count
if [ "$n" -eq 7 ]; then while [ ! -e go ]; do sleep 0.01; done; fi
exit 1`;
    const s = start(['sh', '-c', `cd '${dir}' && ${script}`]);
    const delays: number[] = [];
    const exits: SupervisorExitedEvent[] = [];
    s.on('supervisor:restarting', (e) => delays.push(e.delayMs));
    s.on('supervisor:exited', (e) => exits.push(e));
    s.start();
    for (let i = 0; i < 6; i++) {
      await waitUntil('a pending backoff sleep', () => clock.pendingSleeps().length > 0);
      await clock.runNext();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    await waitUntil('run 7', () => s.stats().runs === 7 && s.stats().pid);
    await clock.advance(30_000);
    writeFileSync(join(dir, 'go'), '');
    for (let i = 0; i < 2; i++) {
      await waitUntil('a pending backoff sleep', () => clock.pendingSleeps().length > 0);
      await clock.runNext();
    }
    await waitUntil('the next restart', () => delays.length === 9);
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 1000, 1000, 2000]);
    expect(exits.slice(0, 7).map((e) => e.code)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(exits[6]!.runMs).toBe(30_000);
  });

  it('ends a run only when both output streams close, forwarding every line', async () => {
    const s = start([
      'sh',
      '-c',
      '(sleep 0.3; echo late; printf partial >&2) & echo early; echo err >&2; exit 7',
    ]);
    const seen: string[] = [];
    s.on('supervisor:output', (e) => seen.push(`${e.stream}:${e.line}`));
    s.on('supervisor:exited', (e) => seen.push(`exited:${e.code}`));
    s.start();
    await waitUntil('the run to end', () => seen.some((l) => l.startsWith('exited')));
    expect(seen.indexOf('stdout:late')).toBeGreaterThan(-1);
    expect(seen.at(-1)).toBe('exited:7');
    expect(seen.filter((l) => l.startsWith('stderr'))).toEqual(['stderr:err', 'stderr:partial']);
    expect(seen.filter((l) => l.startsWith('stdout'))).toEqual(['stdout:early', 'stdout:late']);
  });

  it('stops a well-behaved workload with SIGTERM and reports the signal', async () => {
    const s = start(['sleep', '30']);
    const events: string[] = [];
    for (const name of ['supervisor:started', 'supervisor:exited', 'supervisor:stopped'] as const) {
      s.on(name, () => events.push(name));
    }
    let exit: SupervisorExitedEvent | undefined;
    s.on('supervisor:exited', (e) => {
      exit = e;
    });
    s.start();
    const pid = await waitUntil('the workload', () => s.stats().pid);
    await s.stop();
    expect(isAlive(pid)).toBe(false);
    expect(exit).toMatchObject({ signal: 'SIGTERM', code: null, run: 1 });
    expect(events).toEqual(['supervisor:started', 'supervisor:exited', 'supervisor:stopped']);
    expect(s.state).toBe('stopped');
  });

  it('kills a workload that ignores SIGTERM, and its children, after the 5 s grace period', async () => {
    const script = `trap '' TERM; sleep 300 & echo $! > pids; sleep 300 & echo $! >> pids; echo $$ >> pids; wait`;
    const s = start(['sh', '-c', `cd '${dir}' && ${script}`]);
    let exit: SupervisorExitedEvent | undefined;
    s.on('supervisor:exited', (e) => {
      exit = e;
    });
    s.start();
    const pids = await waitUntil('three pids', () => {
      const text = (() => {
        try {
          return readFileSync(join(dir, 'pids'), 'utf8');
        } catch {
          return '';
        }
      })();
      const list = text.split('\n').filter(Boolean).map(Number);
      return list.length === 3 ? list : undefined;
    });
    const stopped = s.stop();
    await waitUntil('the grace sleep', () => clock.pendingSleeps().length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(pids.every(isAlive)).toBe(true); // SIGTERM was ignored by all three
    await clock.advance(4999);
    await new Promise((r) => setTimeout(r, 100));
    expect(pids.every(isAlive)).toBe(true);
    await clock.advance(1);
    await stopped;
    await waitUntil('every process gone', () => pids.every((p) => !isAlive(p)));
    expect(exit).toMatchObject({ signal: 'SIGKILL' });
  });

  it('stops at once while waiting to restart', async () => {
    const s = start(['sh', '-c', 'exit 2']);
    s.start();
    await waitUntil('a pending backoff sleep', () => clock.pendingSleeps().length > 0);
    expect(s.state).toBe('waiting');
    await s.stop();
    expect(s.stats().runs).toBe(1);
    expect(clock.pendingSleeps()).toEqual([]);
  });

  it('counts a command that cannot start as a run and keeps restarting', async () => {
    const s = start(['/nonexistent/command']);
    const exits: SupervisorExitedEvent[] = [];
    s.on('supervisor:exited', (e) => exits.push(e));
    s.start();
    await waitUntil('a pending backoff sleep', () => clock.pendingSleeps().length > 0);
    expect(exits[0]).toMatchObject({ pid: undefined, code: null, signal: null });
    expect(exits[0]!.error).toBeDefined();
  });

  it('needs a command', () => {
    expect(() => createSupervisor({ backend, jail: JAIL, argv: [], syslog: false })).toThrow(
      'supervise requires command [args...]',
    );
  });

  it('can be stopped before it starts', async () => {
    const s = createSupervisor({ backend, jail: JAIL, argv: ['true'], syslog: false });
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(s.start().state).toBe('stopped');
  });
});
