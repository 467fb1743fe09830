import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** What identifies one process over time: its pid alone can be reused, pid + start time cannot. */
export interface ProcessIdentity {
  readonly pid: number;
  /** An opaque start-time stamp (`stat:<ticks since boot>` on Linux, `ps:<lstart>` elsewhere). */
  readonly startTime: string;
}

function ps(pid: number, keyword: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', `${keyword}=`, '-p', String(pid)], { encoding: 'utf8' }, (error, stdout) => {
      const text = stdout?.trim();
      resolve(error || !text ? undefined : text);
    });
  });
}

/**
 * When process `pid` started: field 22 of `/proc/<pid>/stat` (clock ticks
 * since boot) where procfs has it, else `ps -o lstart=` (NetBSD, macOS).
 * @returns the stamp, or `undefined` when no such process exists
 */
export async function processStartTime(pid: number): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses; fields after the last ')' start at field 3
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    if (ticks !== undefined) return `stat:${ticks}`;
  } catch {
    // no procfs (or no such process): ask ps
  }
  const lstart = await ps(pid, 'lstart');
  return lstart === undefined ? undefined : `ps:${lstart}`;
}

/**
 * The command line (process title, after `process.title` was set) of `pid`:
 * `/proc/<pid>/cmdline` with NULs as spaces, else `ps -o args=`.
 * @returns the text, or `undefined` when no such process exists
 */
export async function processCommandLine(pid: number): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.replace(/\0+/g, ' ').trim();
  } catch {
    return ps(pid, 'args');
  }
}

/** The identity of `pid` now. @returns `undefined` when no such process exists */
export async function identifyProcess(pid: number): Promise<ProcessIdentity | undefined> {
  const startTime = await processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

/**
 * Whether `expected` still names the same live process: same pid, same start
 * time and, when `title` is given, a command line containing it. A recycled
 * pid fails the start-time check, so a stale record never names a stranger.
 */
export async function isSameProcess(expected: ProcessIdentity, title?: string): Promise<boolean> {
  const startTime = await processStartTime(expected.pid);
  if (startTime === undefined || startTime !== expected.startTime) return false;
  if (title === undefined) return true;
  return (await processCommandLine(expected.pid))?.includes(title) ?? false;
}
