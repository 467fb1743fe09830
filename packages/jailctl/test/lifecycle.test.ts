import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jailctl, tempPrefix } from './harness.js';

let prefix: string;
let cleanup: () => void;
beforeEach(() => ({ prefix, cleanup } = tempPrefix()));
afterEach(() => cleanup());

const SEED_WEB = [
  'create',
  ...['-q', '200', '-c', '1000000', '-m', '536870912', '-p', '512', '-d', '8192', '-s', '134217728'],
  ...['-l', 'medium', '-r', '8080', '-n', 'web', '/var/jailmgr/jails/web/root'],
];

describe('jailctl create / list / destroy', () => {
  it('creates jails that later commands (separate processes) list, newest first', async () => {
    expect(await jailctl(prefix, ['create', '-n', 'build', '/jails/build'])).toMatchObject({
      status: 0,
      stdout: 'jail 1\n',
    });
    expect(await jailctl(prefix, ['create', '-n', 'db', '-p', '0x40', '/jails/db'])).toMatchObject({
      stdout: 'jail 2\n',
    });
    expect(await jailctl(prefix, SEED_WEB)).toMatchObject({ status: 0, stdout: 'jail 3\n', stderr: '' });
    const list = await jailctl(prefix, ['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toBe(
      [
        'ID       PROCS    PMAX     MEMORY     DENYPROC   NAME             ROOT',
        '3        0        512      536870912  0          web              /var/jailmgr/jails/web/root',
        '2        0        64       0          0          db               /jails/db',
        '1        0        0        0          0          build            /jails/build',
        '',
      ].join('\n'),
    );
  });

  it('prints `no jails` when there are none, and JSON typed as JailInfo[] with --json', async () => {
    expect((await jailctl(prefix, ['list'])).stdout).toBe('no jails\n');
    expect(JSON.parse((await jailctl(prefix, ['list', '--json'])).stdout)).toEqual([]);
    await jailctl(prefix, SEED_WEB);
    const [web] = JSON.parse((await jailctl(prefix, ['list', '--json'])).stdout);
    expect(web).toMatchObject({
      id: 1,
      name: 'web',
      root: '/var/jailmgr/jails/web/root',
      limits: {
        cpuQuotaTicks: 200,
        cpuPeriodMicros: 1000000,
        memoryMaxBytes: 536870912,
        procMax: 512,
        fdMax: 8192,
      },
      counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
    });
  });

  it('destroys by name and by id (hex too), and says which jail was not found', async () => {
    await jailctl(prefix, ['create', '-n', 'a', '/a']);
    await jailctl(prefix, ['create', '-n', 'b', '/b']);
    expect(await jailctl(prefix, ['destroy', 'a'])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(await jailctl(prefix, ['destroy', '0x2'])).toMatchObject({ status: 0 });
    expect((await jailctl(prefix, ['list'])).stdout).toBe('no jails\n');
    expect(await jailctl(prefix, ['destroy', 'web'])).toMatchObject({
      status: 1,
      stderr: "jailctl: jail 'web' not found\n",
    });
    expect(await jailctl(prefix, ['destroy', '7'])).toMatchObject({
      status: 1,
      stderr: 'jailctl: jail 7 not found\n',
    });
  });

  it('refuses a second jail of the same name, and a port another jail reserved', async () => {
    await jailctl(prefix, SEED_WEB);
    expect(await jailctl(prefix, ['create', '-n', 'web', '/other'])).toMatchObject({
      status: 1,
      stdout: '',
      stderr: 'jailctl: name already exists: web\n',
    });
    const clash = await jailctl(prefix, ['create', '-r', '9000,8080', '-n', 'api', '/api']);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/^jailctl: .*8080.*\n$/);
  });
});

describe('jailctl exec', () => {
  it('runs a real command in the jail and returns its exit status', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const ok = await jailctl(prefix, ['exec', 'web', 'sh', '-c', 'echo "in $JAILS_JAIL_NAME"; pwd']);
    expect(ok).toMatchObject({ status: 0, stdout: `in web\n${prefix}\n` });
    const failed = await jailctl(prefix, ['exec', '1', 'sh', '-c', 'echo oops >&2; exit 7']);
    expect(failed).toMatchObject({ status: 7, stdout: '', stderr: 'oops\n' });
  });

  it('passes options after the target to the command, not to jailctl', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    expect((await jailctl(prefix, ['exec', 'web', 'ls', '-d', '/'])).stdout).toBe('/\n');
  });

  it('runs $SHELL -i when no command is given', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const shell = await jailctl(prefix, ['exec', 'web'], { input: 'echo from-the-shell; exit 3\n' });
    expect(shell.status).toBe(3);
    expect(shell.stdout).toContain('from-the-shell');
  });

  it('dies of the signal that killed its command', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const killed = await jailctl(prefix, ['exec', 'web', 'sh', '-c', 'kill -TERM $$']);
    expect(killed.signal).toBe('SIGTERM');
  });

  it('leaves the jail empty afterwards, so it can be destroyed', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    await jailctl(prefix, ['exec', 'web', 'true']);
    expect((await jailctl(prefix, ['destroy', 'web'])).status).toBe(0);
  });
});
