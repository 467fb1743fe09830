import { readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JailError } from '../errors/jail-error.js';
import { type Rsyslogd, startRsyslogd } from '../syslog/test-support/rsyslogd.js';
import { findSupervisor, stopSupervisor } from './control.js';
import type { BackendDescriptor } from './daemon-protocol.js';
import { superviseDetached } from './detach.js';
import { processCommandLine } from './process-identity.js';
import { readSupervisorRecords } from './supervisor-record.js';
import { isAlive, waitUntil } from './test-support/wait.js';

const backend: BackendDescriptor = {
  module: pathToFileURL(join(import.meta.dirname, 'test-support/host-spawn-backend.ts')).href,
  options: { jails: [{ id: 3, name: 'web' }] },
};

/** Field `n` (1-based) of /proc/<pid>/stat. */
const statField = (pid: number, n: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[n - 3]);
};

describe('detached supervisor daemon (from sources)', () => {
  let stateDir: string;
  let rsyslog: Rsyslogd;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'jails-detach-'));
    rsyslog = await startRsyslogd();
  });
  afterAll(async () => {
    await stopSupervisor({ stateDir, jailId: 3, timeoutMs: 8000 });
    await rsyslog?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs on its own: setsid, stdio on /dev/null, upstream title, record, syslog; HUP ignored; stopped by stopSupervisor', async () => {
    const daemon = await superviseDetached({
      backend,
      jail: { id: 3, name: 'web' },
      argv: ['sh', '-c', 'echo hello from web; exec sleep 300'],
      stateDir,
      syslog: { target: rsyslog.socketPath, facility: 'local3', tag: 'jail-web' },
    });
    expect(daemon.title).toBe('jailctl supervise jail=web jid=3');
    expect(await processCommandLine(daemon.pid)).toBe('jailctl supervise jail=web jid=3');
    expect(statField(daemon.pid, 6)).toBe(daemon.pid); // session id: it called setsid
    for (const fd of [0, 1, 2]) expect(readlinkSync(`/proc/${daemon.pid}/fd/${fd}`)).toBe('/dev/null');

    const record = await waitUntil('the workload in the record', async () => {
      const r = await findSupervisor({ stateDir, jailId: 3 });
      return r?.workload ? r : undefined;
    });
    expect(record).toMatchObject({ pid: daemon.pid, jailId: 3, jailName: 'web', title: daemon.title });
    const workload = record.workload!.pid;
    expect(statField(workload, 5)).toBe(workload); // the workload leads its own process group
    expect(statField(workload, 4)).toBe(daemon.pid); // and the supervisor is its parent

    const mine = await rsyslog.waitFor((all) =>
      all.some((m) => m.msg === 'jail=web jid=3 stdout: hello from web'),
    );
    expect(
      mine.filter((m) => m.msg.startsWith('jail=web ')).map((m) => [m.facility, m.app, m.pid]),
    ).toContainEqual(['local3', 'jail-web', String(daemon.pid)]);

    process.kill(daemon.pid, 'SIGHUP');
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(daemon.pid)).toBe(true);

    await expect(
      superviseDetached({ backend, jail: { id: 3, name: 'web' }, argv: ['true'], stateDir, syslog: false }),
    ).rejects.toMatchObject({
      code: 'BUSY',
      message: expect.stringContaining(`already supervised by pid ${daemon.pid}`),
    });

    expect(await stopSupervisor({ stateDir, jailId: 3 })).toEqual({
      found: true,
      pid: daemon.pid,
      escalated: false,
    });
    await waitUntil('daemon and workload gone', () => !isAlive(daemon.pid) && !isAlive(workload));
    expect(await readSupervisorRecords(stateDir, 3)).toEqual([]);
    await rsyslog.waitFor((all) => all.some((m) => m.msg === 'jail=web jid=3 supervise shutdown requested'));
  });

  it('reports what went wrong instead of leaving a daemon behind', async () => {
    const noJail = superviseDetached({
      backend,
      jail: { id: 99, name: 'nope' },
      argv: ['true'],
      stateDir,
      syslog: false,
    });
    await expect(noJail).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'supervise: jail 99 not found',
    });
    const noModule = superviseDetached({
      backend: { module: '@jails/no-such-backend' },
      jail: { id: 3, name: 'web' },
      argv: ['true'],
      stateDir,
      syslog: false,
    });
    await expect(noModule).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    const badLevel = superviseDetached({
      backend,
      jail: { id: 3, name: 'web' },
      argv: ['true'],
      stateDir,
      syslog: { stdoutLevel: 'loud', target: 'udp://127.0.0.1:9' },
    });
    await expect(badLevel).rejects.toSatisfy(
      (e) => JailError.is(e) && e.message === "supervise: invalid level 'loud'",
    );
    expect(await findSupervisor({ stateDir, jailId: 3 })).toBeUndefined();
  });
});
