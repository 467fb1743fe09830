// How the bin starts: the bundled program behind a launcher with a compile
// cache (dist/jailctl.cjs → dist/cli.cjs), and the ES module entry
// (dist/cli.js). Start-up times are measured by bench/startup.bench.ts; tests
// never assert timings.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JAILCTL, jailctl, type RunResult, tempPrefix } from './harness.js';

let prefix: string;
let cleanup: () => void;
beforeEach(() => ({ prefix, cleanup } = tempPrefix()));
afterEach(() => cleanup());

/** The harness runs jailctl with HOME=prefix: its compile cache lands here. */
const cacheDir = () => join(prefix, '.cache', 'jails', 'compile-cache');
const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

describe('the jailctl bin', () => {
  it('is the launcher, and the bundle it starts holds the program', () => {
    expect(JAILCTL).toMatch(/dist\/jailctl\.cjs$/);
    expect(existsSync(join(JAILCTL, '..', 'cli.cjs'))).toBe(true);
  });

  it('keeps one compile cache per command, private to the user, and answers the same from it', async () => {
    await jailctl(prefix, ['create', '-n', 'web', '/jails/web']);
    const first = await jailctl(prefix, ['list']);
    const second = await jailctl(prefix, ['list']);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout).toContain('web');
    expect(cacheFiles().sort()).toEqual([
      expect.stringMatching(/^jailctl-\w+-create\.v8cache$/),
      expect.stringMatching(/^jailctl-\w+-list\.v8cache$/),
    ]);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    for (const file of cacheFiles()) expect(statSync(join(cacheDir(), file)).mode & 0o777).toBe(0o600);
  });

  it('replaces a cache it cannot use (damaged, or writable by others) instead of reading it', async () => {
    await jailctl(prefix, ['list']);
    const [file] = cacheFiles();
    const path = join(cacheDir(), file!);
    const fresh = readFileSync(path);

    writeFileSync(path, 'not a V8 code cache');
    expect(await jailctl(prefix, ['list'])).toMatchObject({ status: 0, stdout: 'no jails\n', stderr: '' });
    expect(readFileSync(path).subarray(0, 8).toString()).toBe('jailctl ');

    writeFileSync(path, fresh);
    chmodSync(path, 0o666);
    expect(await jailctl(prefix, ['list'])).toMatchObject({ status: 0, stdout: 'no jails\n' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes no cache with JAILS_COMPILE_CACHE=0, nor without a home of its own', async () => {
    expect(await jailctl(prefix, ['list'], { env: { JAILS_COMPILE_CACHE: '0' } })).toMatchObject({
      status: 0,
      stdout: 'no jails\n',
    });
    expect(await jailctl(prefix, ['list'], { env: { HOME: join(prefix, 'missing') } })).toMatchObject({
      status: 0,
      stdout: 'no jails\n',
    });
    expect(existsSync(join(prefix, 'missing'))).toBe(false);
    expect(cacheFiles()).toEqual([]);
  });

  it('reports a failure from the bundle as before: message on stderr, status 1', async () => {
    const result = await jailctl(prefix, ['destroy', 'nope']);
    expect(result).toMatchObject({ status: 1, stdout: '', stderr: "jailctl: jail 'nope' not found\n" });
  });
});

describe('dist/cli.js, the ES module entry', () => {
  it('runs the same program as the bin', async () => {
    await jailctl(prefix, ['create', '-n', 'web', '/jails/web']);
    const esm = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    const result = await new Promise<RunResult>((resolve, reject) => {
      const child = spawn(process.execPath, [esm, 'list'], {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: prefix,
          JAILS_BACKEND: 'sim',
          JAILS_PREFIX: prefix,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('error', reject);
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    });
    expect(result).toEqual(await jailctl(prefix, ['list']));
  });
});
