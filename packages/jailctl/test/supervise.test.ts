import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stopSupervisor, supervisorStateDir } from '@jails/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Rsyslogd, startRsyslogd } from '../../core/src/syslog/test-support/rsyslogd.js';
import { JAILCTL, jailctl, tempPrefix } from './harness.js';

let syslog: Rsyslogd;
let prefix: string;
let cleanup: () => void;
beforeAll(async () => {
  syslog = await startRsyslogd();
});
afterAll(() => syslog.stop());
beforeEach(() => ({ prefix, cleanup } = tempPrefix()));
afterEach(async () => {
  for (let jid = 1; jid <= 3; jid++)
    await stopSupervisor({ stateDir: supervisorStateDir(prefix), jailId: jid });
  cleanup();
});

const titleOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');

describe('jailctl supervise (detached)', () => {
  it('prints `jail <id>`, returns, and forwards each output line to syslog as configured', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const started = await jailctl(prefix, [
      ...[
        'supervise',
        '-f',
        'local3',
        '-o',
        'info',
        '-e',
        'err',
        '-t',
        'jail-web',
        '--syslog',
        syslog.socketPath,
      ],
      ...['web', 'sh', '-c', 'echo hello from web; echo trouble >&2; exec sleep 60'],
    ]);
    expect(started).toMatchObject({ status: 0, stdout: 'jail 1\n', stderr: '' });
    const all = await syslog.waitFor((m) => m.some((x) => x.msg.includes('stderr: trouble')));
    const ours = all.filter((m) => m.app === 'jail-web');
    expect(ours.find((m) => m.msg === 'jail=web jid=1 stdout: hello from web')).toMatchObject({
      facility: 'local3',
      severity: 'info',
    });
    expect(ours.find((m) => m.msg === 'jail=web jid=1 stderr: trouble')).toMatchObject({
      facility: 'local3',
      severity: 'err',
    });
    expect(ours.some((m) => m.msg === 'jail=web jid=1 starting supervised command')).toBe(true);

    // The supervisor is a host process with upstream's title, parent of the member.
    const stopped = await stopSupervisor({
      stateDir: supervisorStateDir(prefix),
      jailId: 1,
      timeoutMs: 10_000,
    });
    expect(stopped.found).toBe(true);
    expect(stopped.escalated).toBe(false);
    await syslog.waitFor((m) => m.some((x) => x.msg === 'jail=web jid=1 supervise shutdown requested'));
    expect((await jailctl(prefix, ['destroy', 'web'])).status).toBe(0);
  });

  it('runs under the title `jailctl supervise jail=<name> jid=<id>`, found through its record', async () => {
    await jailctl(prefix, ['create', '-n', 'a', prefix]);
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    await jailctl(prefix, ['supervise', '--syslog', syslog.socketPath, 'web', 'sleep', '60']);
    const { findSupervisor } = await import('@jails/core');
    const found = await findSupervisor({ stateDir: supervisorStateDir(prefix), jailId: 2 });
    expect(found).toBeDefined();
    expect(titleOf(found!.pid)).toMatch(/^jailctl supervise jail=web jid=2/);
    const list = JSON.parse((await jailctl(prefix, ['list', '--json'])).stdout);
    expect(list.find((j: { name: string }) => j.name === 'web').usage.procs).toBe(1);
  });

  it('keeps options after the command for the command', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    await jailctl(prefix, [
      'supervise',
      '--syslog',
      syslog.socketPath,
      'web',
      'sh',
      '-c',
      'echo -e-is-an-arg; sleep 60',
    ]);
    await syslog.waitFor((m) => m.some((x) => x.msg === 'jail=web jid=1 stdout: -e-is-an-arg'));
  });
});

describe('jailctl supervise --foreground', () => {
  it('supervises in the calling process and stops cleanly on SIGTERM', async () => {
    await jailctl(prefix, ['create', '-n', 'fg', prefix]);
    const child = spawn(
      process.execPath,
      [
        JAILCTL,
        'supervise',
        '--foreground',
        '--syslog',
        syslog.socketPath,
        '-t',
        'fgtest',
        'fg',
        'sh',
        '-c',
        'echo up; exec sleep 60',
      ],
      { env: { ...process.env, JAILS_BACKEND: 'sim', JAILS_PREFIX: prefix }, stdio: 'ignore' },
    );
    await syslog.waitFor((m) => m.some((x) => x.app === 'fgtest' && x.msg === 'jail=fg jid=1 stdout: up'));
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    await syslog.waitFor((m) =>
      m.some((x) => x.app === 'fgtest' && x.msg.endsWith('supervise shutdown requested')),
    );
    expect((await jailctl(prefix, ['destroy', 'fg'])).status).toBe(0);
  });
});

describe('jailctl supervise: bad input', () => {
  it.each([
    [['supervise', 'web'], /^jailctl: missing required argument 'command'\nusage: jailctl supervise /],
    [['supervise', '-f', 'nope', 'web', 'true'], /^jailctl: invalid facility 'nope'\n$/],
    [['supervise', '-o', 'loud', 'web', 'true'], /^jailctl: invalid level 'loud'\n$/],
    [['supervise', '-e', '8', 'web', 'true'], /^jailctl: invalid level '8'\n$/],
    [['supervise', '-t', '', 'web', 'true'], /^jailctl: invalid tag ''\n$/],
    [['supervise', 'nope', 'true'], /^jailctl: jail 'nope' not found\n$/],
  ])('%j', async (args, stderr) => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const result = await jailctl(prefix, args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(stderr);
  });
});
