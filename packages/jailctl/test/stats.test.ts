import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JAILCTL, jailctl, tempPrefix } from './harness.js';
import { SEED_PAGE, seedOutput } from './seed.js';

let prefix: string;
let cleanup: () => void;
const children: ChildProcess[] = [];
beforeEach(() => ({ prefix, cleanup } = tempPrefix()));
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  cleanup();
});

const SEED_WEB = [
  ...[
    'create',
    '-q',
    '200',
    '-c',
    '1000000',
    '-m',
    '536870912',
    '-p',
    '512',
    '-d',
    '8192',
    '-s',
    '134217728',
  ],
  ...['-l', 'medium', '-r', '8080', '-n', 'web', '/var/jailmgr/jails/web/root'],
];

/** Sets up the page's situation: `web` is jail 3 and runs one process. */
async function seedSituation(): Promise<void> {
  await jailctl(prefix, ['create', '-n', 'a', '/a']);
  await jailctl(prefix, ['create', '-n', 'b', '/b']);
  await jailctl(prefix, ['destroy', 'a']);
  await jailctl(prefix, ['destroy', 'b']);
  expect((await jailctl(prefix, SEED_WEB)).stdout).toBe('jail 3\n');
  const env = { ...process.env, JAILS_BACKEND: 'sim', JAILS_PREFIX: prefix };
  children.push(spawn(process.execPath, [JAILCTL, 'exec', 'web', 'sleep', '60'], { env, stdio: 'ignore' }));
  for (let i = 0; i < 100; i++) {
    const [web] = JSON.parse((await jailctl(prefix, ['list', '--json'])).stdout);
    if (web.usage.procs === 1) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the workload never showed up as a member');
}

/** The page's numbers for the values that depend on the live workload. */
const toSeedValues = (text: string) =>
  text
    .replace(/^(3 {8}web {14})\d+ +(1 {10})\d+ +(0 {10})\d+ +/m, '$10          $23          $3154025984  ')
    .replace(/^(jail_cpu_usage_ticks\{.*\}) \d+$/m, '$1 0')
    .replace(/^(jail_fd_current\{.*\}) \d+$/m, '$1 3')
    .replace(/^(jail_memory_current_bytes\{.*\}) \d+$/m, '$1 154025984');

describe('jailctl stats', () => {
  it.runIf(existsSync(SEED_PAGE))('compares against an excerpt that still matches the project page', () => {
    for (const command of ['jailctl stats', 'jailctl stats -P -h']) {
      expect(seedOutput(command)).toEqual(seedOutput(command, SEED_PAGE));
    }
  });

  it('prints `no jails` without jails, and only the # TYPE lines with -P', async () => {
    expect(await jailctl(prefix, ['stats'])).toMatchObject({ status: 0, stdout: 'no jails\n' });
    const prom = (await jailctl(prefix, ['stats', '-P'])).stdout;
    expect(
      prom
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('# TYPE jail_')),
    ).toBe(true);
  });

  it('reproduces the project page’s table for a jail configured like its web', async () => {
    await seedSituation();
    const { stdout, status } = await jailctl(prefix, ['stats']);
    expect(status).toBe(0);
    expect(toSeedValues(stdout).split('\n').slice(0, -1)).toEqual(seedOutput('jailctl stats'));
  });

  it('reproduces the project page’s `stats -P -h`, CRLF head and LF body', async () => {
    await seedSituation();
    const { stdout } = await jailctl(prefix, ['stats', '-P', '-h']);
    expect(stdout.startsWith('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n# TYPE')).toBe(true);
    const body = toSeedValues(stdout.replaceAll('\r\n', '\n'));
    expect(body.split('\n').slice(0, -1)).toEqual(seedOutput('jailctl stats -P -h'));
  });

  it('shows CUR/MAX pairs with -v, and JailInfo records with --json', async () => {
    await jailctl(prefix, SEED_WEB);
    const verbose = (await jailctl(prefix, ['stats', '-v'])).stdout;
    expect(verbose.split('\n')[0]).toMatch(/^ID +NAME +CPU +PROC +FD +SOCKBUF +MEMORY +THROTTLE +ROOT/);
    expect(verbose).toContain('0/512');
    expect(verbose).toContain('0/536870912');
    expect(JSON.parse((await jailctl(prefix, ['stats', '--json'])).stdout)[0].limits.fdMax).toBe(8192);
  });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('jailctl stats -P -h behind an inetd-style listener', () => {
  it('serves a scrape per connection that curl fetches and promtool accepts', async () => {
    await jailctl(prefix, SEED_WEB);
    await jailctl(prefix, ['create', '-n', 'we "ird"\\ name', '-p', '4', '/path with spaces/and "quotes"']);
    const port = await freePort();
    const script = join(mkdtempSync(join(tmpdir(), 'inetd-')), 'scrape.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nJAILS_BACKEND=sim JAILS_PREFIX='${prefix}' exec '${process.execPath}' '${JAILCTL}' stats -P -h\n`,
      { mode: 0o755 },
    );
    const socat = spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `EXEC:${script}`], {
      stdio: 'ignore',
    });
    children.push(socat);
    let body = '';
    for (let i = 0; i < 50 && !body; i++) {
      try {
        body = execFileSync('curl', ['-sf', '--max-time', '10', `http://127.0.0.1:${port}/metrics`], {
          encoding: 'utf8',
        });
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(body).toContain('jail_processes_max{jid="1",name="web",root="/var/jailmgr/jails/web/root"} 512');
    expect(body).toContain('name="we \\"ird\\"\\\\ name",root="/path with spaces/and \\"quotes\\""');
    const check = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let report = '';
    check.stdout.on('data', (d) => {
      report += d;
    });
    check.stderr.on('data', (d) => {
      report += d;
    });
    check.stdin.end(body);
    const code = await new Promise((resolve) => check.on('close', resolve));
    // promtool exits 1 on a parse error, 3 on lint findings only. The page's
    // format has no # HELP lines, so "no help text" is the one finding allowed.
    expect(code === 0 || code === 3).toBe(true);
    expect(report.split('\n').filter((line) => line && !/ no help text$/.test(line))).toEqual([]);
  });
});
