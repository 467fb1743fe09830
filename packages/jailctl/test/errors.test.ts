import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JAILCTL, jailctl, tempPrefix } from './harness.js';

let prefix: string;
let cleanup: () => void;
beforeEach(() => ({ prefix, cleanup } = tempPrefix()));
afterEach(() => cleanup());

/** Each kind of bad input, the exact first line jailctl prints, and whether the usage line follows. */
const BAD_INPUT: [string, string[], string, boolean][] = [
  ['unknown command', ['frobnicate'], "jailctl: unknown command 'frobnicate'", false],
  ['unknown option', ['create', '-x', '1', '-n', 'a', '/a'], "jailctl: unknown option '-x'", true],
  ['missing -n', ['create', '/a'], "jailctl: required option '-n <name>' not specified", true],
  ['missing root', ['create', '-n', 'a'], "jailctl: missing required argument 'root'", true],
  [
    'extra argument',
    ['create', '-n', 'a', '/a', '/b'],
    "jailctl: too many arguments for 'create'. Expected 1 argument but got 2.",
    true,
  ],
  [
    'garbage number',
    ['create', '-m', '12abc', '-n', 'a', '/a'],
    "jailctl: invalid memory.max '12abc' for -m (expected a number: decimal, 0x hex or 0 octal)",
    false,
  ],
  [
    'negative number',
    ['create', '-p', '-5', '-n', 'a', '/a'],
    "jailctl: invalid proc.max '-5' for -p (expected a number: decimal, 0x hex or 0 octal)",
    false,
  ],
  [
    'overflowing number',
    ['create', '-s', '18446744073709551616', '-n', 'a', '/a'],
    "jailctl: sockbuf.max '18446744073709551616' for -s is too large",
    false,
  ],
  [
    'zero limit',
    ['create', '-d', '0', '-n', 'a', '/a'],
    'jailctl: fd.max for -d must be non-zero (leave -d out for unlimited)',
    false,
  ],
  [
    'bad octal',
    ['create', '-d', '08', '-n', 'a', '/a'],
    "jailctl: invalid fd.max '08' for -d (expected a number: decimal, 0x hex or 0 octal)",
    false,
  ],
  [
    'quota without period',
    ['create', '-q', '200', '-n', 'a', '/a'],
    'jailctl: limits.cpuPeriodMicros: cpuQuotaTicks and cpuPeriodMicros must be given together (cpuQuotaTicks is set, cpuPeriodMicros is not)',
    false,
  ],
  [
    'invalid profile',
    ['create', '-l', 'x', '-n', 'a', '/a'],
    "jailctl: invalid profile 'x' (expected low|medium|high)",
    false,
  ],
  [
    'port 0',
    ['create', '-r', '0', '-n', 'a', '/a'],
    'jailctl: port 0 for -r is out of range (1-65535)',
    false,
  ],
  [
    'port too big',
    ['create', '-r', '80,70000', '-n', 'a', '/a'],
    'jailctl: port 70000 for -r is out of range (1-65535)',
    false,
  ],
  [
    'port not a number',
    ['create', '-r', 'http', '-n', 'a', '/a'],
    "jailctl: invalid port 'http' for -r",
    false,
  ],
  [
    'duplicate port',
    ['create', '-r', '80', '-r', '443,80', '-n', 'a', '/a'],
    'jailctl: reservedPorts[2]: reserved port 80 is listed twice',
    false,
  ],
  [
    'too many ports',
    ['create', '-r', Array.from({ length: 33 }, (_, i) => 1000 + i).join(','), '-n', 'a', '/a'],
    'jailctl: reservedPorts: at most 32 ports can be reserved (got 33)',
    false,
  ],
  [
    'name too long',
    ['create', '-n', 'n'.repeat(64), '/a'],
    'jailctl: name: jail name is 64 bytes long; at most 63 are allowed',
    false,
  ],
  [
    'relative root',
    ['create', '-n', 'a', 'jails/a'],
    "jailctl: root: jail root must be an absolute path (got 'jails/a')",
    false,
  ],
  ['destroy without target', ['destroy'], "jailctl: missing required argument 'jail-id|name'", true],
  ['destroy unknown id', ['destroy', '42'], 'jailctl: jail 42 not found', false],
  [
    'list with arguments',
    ['list', 'extra'],
    "jailctl: too many arguments for 'list'. Expected 0 arguments but got 1.",
    true,
  ],
  ['exec unknown jail', ['exec', 'nope', 'true'], "jailctl: jail 'nope' not found", false],
  [
    'unknown backend',
    ['--backend', 'docker', 'list'],
    "jailctl: --backend: unknown backend 'docker' (expected netbsd|sim)",
    false,
  ],
];

describe('jailctl: bad input', () => {
  it.each(BAD_INPUT)('%s', async (_kind, args, message, usage) => {
    const result = await jailctl(prefix, args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe(message);
    if (usage) expect(lines[1]).toMatch(/^usage: jailctl \w+ /);
    else expect(lines.slice(1).join('')).toBe('');
  });

  it('reports a command that cannot be found in the jail', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const result = await jailctl(prefix, ['exec', 'web', 'no-such-command-here']);
    expect(result).toMatchObject({
      status: 1,
      stderr: 'jailctl: exec: no-such-command-here: No such file or directory (or not executable)\n',
    });
  });

  it('refuses to destroy a jail with members, in the kernel’s words', async () => {
    await jailctl(prefix, ['create', '-n', 'web', prefix]);
    const env = { ...process.env, JAILS_BACKEND: 'sim', JAILS_PREFIX: prefix };
    const member = spawn(process.execPath, [JAILCTL, 'exec', 'web', 'sleep', '30'], { env, stdio: 'ignore' });
    try {
      for (let i = 0; i < 100; i++) {
        if (JSON.parse((await jailctl(prefix, ['list', '--json'])).stdout)[0].usage.procs === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await jailctl(prefix, ['destroy', 'web'])).toMatchObject({
        status: 1,
        stderr: 'jailctl: destroy jail 1: Device busy\n',
      });
    } finally {
      member.kill('SIGKILL');
    }
  });
});

describe('jailctl: help and backend choice', () => {
  it('answers --help for the program and for every command, on stdout, status 0', async () => {
    const top = await jailctl(prefix, ['--help']);
    expect(top).toMatchObject({ status: 0, stderr: '' });
    for (const command of ['create', 'destroy', 'list', 'exec', 'supervise', 'stats']) {
      expect(top.stdout).toContain(command);
      const help = await jailctl(prefix, [command, '--help']);
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: jailctl ${command} `));
    }
    expect((await jailctl(prefix, ['stats', '--help'])).stdout).toContain(
      'prepend an HTTP/1.1 200 response head',
    );
  });

  it('prints the help and fails without a command', async () => {
    const none = await jailctl(prefix, []);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^Usage: jailctl /);
  });

  it('defaults to the simulated backend off NetBSD, saying so in one line on stderr', async () => {
    const result = await jailctl(prefix, ['list'], { env: { JAILS_BACKEND: '' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('no jails\n');
    expect(result.stderr).toMatch(/^jailctl: not NetBSD: using the simulated backend \(state in .+\); .+\n$/);
  });

  it('is quiet when the simulated backend is chosen explicitly, by flag or environment', async () => {
    expect((await jailctl(prefix, ['--backend', 'sim', 'list'], { env: { JAILS_BACKEND: '' } })).stderr).toBe(
      '',
    );
    expect((await jailctl(prefix, ['list'])).stderr).toBe('');
  });

  it('explains that the NetBSD backend is unavailable here', async () => {
    const result = await jailctl(prefix, ['--backend', 'netbsd', 'list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'jailctl: [jails:netbsd] the NetBSD backend is not available in this version (its security.models.jail helper is not built yet); use --backend sim\n',
    );
  });
});
