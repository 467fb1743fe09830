import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built jailctl binary, as a user runs it: the package's `bin`. */
export const JAILCTL = fileURLToPath(
  new URL(
    (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        bin: { jailctl: string };
      }
    ).bin.jailctl,
    new URL('../', import.meta.url),
  ),
);

/** What one jailctl invocation produced. */
export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A temporary prefix holding the simulated kernel's state for one test. */
export function tempPrefix(): { prefix: string; cleanup: () => void } {
  const prefix = mkdtempSync(join(tmpdir(), 'jailctl-test-'));
  return { prefix, cleanup: () => rmSync(prefix, { recursive: true, force: true }) };
}

/** Runs the built jailctl once, in its own process, on the sim backend under `prefix`. */
export function jailctl(
  prefix: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [JAILCTL, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: prefix,
        JAILS_BACKEND: 'sim',
        JAILS_PREFIX: prefix,
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
