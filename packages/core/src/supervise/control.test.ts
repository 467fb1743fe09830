import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSupervisor, stopSupervisor } from './control.js';
import { identifyProcess, processCommandLine } from './process-identity.js';
import {
  claimSupervisorRecord,
  readSupervisorRecords,
  type SupervisorRecord,
  supervisorRecordPath,
} from './supervisor-record.js';
import { isAlive, waitUntil } from './test-support/wait.js';

const TITLE = 'jailctl supervise jail=web jid=5';

describe('supervisor records and stopSupervisor', () => {
  let stateDir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'jails-rec-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      try {
        process.kill(-c.pid!, 'SIGKILL');
      } catch {}
      c.kill('SIGKILL');
    }
    await rm(stateDir, { recursive: true, force: true });
  });

  const start = (argv: string[], detached = false) => {
    const c = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', detached });
    children.push(c);
    return c;
  };
  const write = (record: SupervisorRecord) =>
    writeFileSync(supervisorRecordPath(stateDir, record), JSON.stringify(record));
  const records = async () => (await readSupervisorRecords(stateDir, 5)).map((r) => r.record);

  it('never signals a process that a stale record names: pid reused (other start time) or other title', async () => {
    const stranger = start(['sleep', '300']);
    const id = (await identifyProcess(stranger.pid!))!;
    const base = { version: 1 as const, jailId: 5, jailName: 'web', title: TITLE };
    for (const record of [
      { ...base, pid: stranger.pid!, startTime: 'stat:1' }, // the pid was reused by `sleep`
      { ...base, ...id }, // right pid and start time, but not a supervisor
    ]) {
      write(record);
      expect(await findSupervisor({ stateDir, jailId: 5 })).toBeUndefined();
      expect(await stopSupervisor({ stateDir, jailId: 5 })).toEqual({ found: false, escalated: false });
      await new Promise((r) => setTimeout(r, 50));
      expect(isAlive(stranger.pid!)).toBe(true);
    }
    // and a new supervisor may take the stale record over
    const claimed = await claimSupervisorRecord(stateDir, { jailId: 5, jailName: 'web', title: 'vitest' });
    // the dead one was pruned; the one naming a live non-supervisor is left alone, and ignored
    expect((await records()).map((r) => r.pid).sort()).toEqual([process.pid, stranger.pid].sort());
    await claimed.release();
    expect((await records()).map((r) => r.pid)).toEqual([stranger.pid]);
  });

  it('refuses a second live claim and ignores garbage records', async () => {
    writeFileSync(join(stateDir, 'supervise-jid-5.1-stat_1.json'), 'not json');
    expect(await records()).toEqual([]);
    const fake = start(['node', '-e', `process.title=${JSON.stringify(TITLE)}; setInterval(() => {}, 1000)`]);
    await waitUntil('the title', async () => (await processCommandLine(fake.pid!)) === TITLE);
    write({ version: 1, jailId: 5, jailName: 'web', title: TITLE, ...(await identifyProcess(fake.pid!))! });
    expect((await findSupervisor({ stateDir, jailId: 5 }))?.pid).toBe(fake.pid);
    await expect(
      claimSupervisorRecord(stateDir, { jailId: 5, jailName: 'web', title: 'x' }),
    ).rejects.toMatchObject({
      code: 'BUSY',
      errno: 'EBUSY',
    });
  });

  it('escalates to SIGKILL for the supervisor and the workload group when SIGTERM is ignored', async () => {
    const sup = start([
      'node',
      '-e',
      `process.title=${JSON.stringify(TITLE)}; process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`,
    ]);
    const workload = start(['sh', '-c', "trap '' TERM; sleep 300 & wait"], true);
    await waitUntil('the title', async () => (await processCommandLine(sup.pid!)) === TITLE);
    write({
      version: 1,
      jailId: 5,
      jailName: 'web',
      title: TITLE,
      ...(await identifyProcess(sup.pid!))!,
      workload: await identifyProcess(workload.pid!),
    });
    const result = await stopSupervisor({ stateDir, jailId: 5, timeoutMs: 300 });
    expect(result).toEqual({ found: true, pid: sup.pid, escalated: true });
    await waitUntil('both gone', () => !isAlive(sup.pid!) && !isAlive(workload.pid!));
    await waitUntil('the whole workload group gone', () => {
      try {
        process.kill(-workload.pid!, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect(await records()).toEqual([]);
  });
});
