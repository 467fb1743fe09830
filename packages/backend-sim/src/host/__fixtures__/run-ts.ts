import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: `--import tsx` resolves from there. */
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** What a finished fixture process reported. */
export interface FixtureResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for running a TypeScript fixture in its own Node process. */
export interface FixtureOptions {
  /** Run as this uid/gid (only when the test runs as root). */
  readonly uid?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `script` (a path relative to this directory) as a separate Node process using the SDK from source. */
export function startFixture(
  script: string,
  args: readonly string[],
  options: FixtureOptions = {},
): ChildProcess {
  const file = fileURLToPath(new URL(script, import.meta.url));
  return spawn(process.execPath, ['--conditions=jails-source', '--import', 'tsx', file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
}

/** Runs a fixture to completion and collects its output. */
export function runFixture(
  script: string,
  args: readonly string[],
  options: FixtureOptions = {},
): Promise<FixtureResult> {
  const child = startFixture(script, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => {
    stdout += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first stdout line of `child` that matches `pattern`. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (b: Buffer) => {
      buffer += b.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before printing ${pattern}`)));
  });
}
