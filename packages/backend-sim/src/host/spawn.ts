import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import {
  errnoError,
  type JailLimitsInfo,
  type JailProcess,
  type ProcessExit,
  type SpawnOptions,
} from '@jails/core/backend';
import { ENV_JAIL_NAME, ENV_JID, ENV_KERNEL } from './membership.js';

/** Name the rlimit wrapper shell runs as (`$0`), visible in ps while it sets limits. */
const WRAPPER_NAME = 'jails-exec';

/**
 * The argv that runs `argv` with the jail's per-process ceilings as hard and
 * soft rlimits: `RLIMIT_NOFILE = fdMax` (EMFILE past it, as the kernel's
 * fd.max) and `RLIMIT_AS = memoryMaxBytes` rounded down to KiB (ENOMEM from
 * mmap/brk past it, as memory.max; it also caps stack growth, which the kernel
 * does not hook). Node cannot setrlimit on a child, so `/bin/sh` sets them and
 * execs the workload in place (same pid). `/bin/sh` rather than util-linux
 * `prlimit` because it exists on every POSIX host. A limit the host refuses to
 * raise is left at the host's lower value. macOS has no working RLIMIT_AS, so
 * there the memory ceiling is only observed.
 * @param platform @default process.platform
 * @internal
 */
export function rlimitArgv(
  argv: readonly string[],
  limits: Pick<JailLimitsInfo, 'fdMax' | 'memoryMaxBytes'>,
  platform: NodeJS.Platform = process.platform,
): readonly string[] {
  const steps: string[] = [];
  if (limits.fdMax > 0) steps.push(`ulimit -n ${limits.fdMax} 2>/dev/null`);
  if (limits.memoryMaxBytes > 0 && platform !== 'darwin') {
    steps.push(`ulimit -v ${Math.max(1, Math.floor(limits.memoryMaxBytes / 1024))} 2>/dev/null`);
  }
  if (steps.length === 0) return argv;
  return ['/bin/sh', '-c', `${steps.join('; ')}; exec "$@"`, WRAPPER_NAME, ...argv];
}

const isExecutableFile = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Finds what `execvp` would run for `command` from `cwd` with `PATH`.
 * @returns the path, or undefined when there is none
 * @internal
 */
export function resolveExecutable(
  command: string,
  cwd: string,
  path: string | undefined,
): string | undefined {
  if (command.includes('/')) {
    const full = resolve(cwd, command);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const dir of (path ?? '/usr/bin:/bin').split(delimiter)) {
    const full = resolve(cwd, dir || '.', command);
    if (isExecutableFile(full)) return full;
  }
  return undefined;
}

/** The working directory of a member: the jail's root when it is a directory, else the caller's. @internal */
export function memberCwd(root: string): string {
  try {
    return statSync(root).isDirectory() ? root : process.cwd();
  } catch {
    return process.cwd();
  }
}

/** What {@link startHostProcess} needs to know about the jail. */
export interface HostSpawnTarget {
  readonly id: number;
  readonly name: string;
  readonly root: string;
  readonly limits: JailLimitsInfo;
  /** The kernel instance id, put in the member's environment. */
  readonly instanceId: string;
}

/**
 * Starts `argv` as a real process for jail `target`: working directory at the
 * jail's root when it exists, `JAILS_JID` / `JAILS_JAIL_NAME` /
 * `JAILS_SIM_KERNEL` in its environment, per-process rlimits from the jail's
 * limits, its own session and process group with `newSession`.
 * @throws {JailError} EINVAL for an empty argv, ENOENT / EACCES when the command cannot be run
 * @internal
 */
export function startHostProcess(
  target: HostSpawnTarget,
  argv: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const [command] = argv;
  if (command === undefined || command === '') {
    throw errnoError('EINVAL', { operation: 'exec', field: 'argv', detail: 'argv: no command given' });
  }
  const cwd = memberCwd(target.root);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? process.env)) if (v !== undefined) env[k] = v;
  if (!resolveExecutable(command, cwd, env.PATH)) {
    throw errnoError('ENOENT', {
      operation: 'exec',
      detail: `${command}: No such file or directory (or not executable)`,
    });
  }
  env[ENV_JID] = String(target.id);
  env[ENV_JAIL_NAME] = target.name;
  env[ENV_KERNEL] = target.instanceId;
  const [file, ...args] = rlimitArgv(argv, target.limits);
  return spawn(file!, args, {
    cwd,
    env,
    stdio: (options.stdio ?? 'pipe') as StdioOptions,
    detached: options.newSession ?? false,
  });
}

/**
 * Node discards a child's unread output once it exits (it resumes streams
 * nobody listens to); a caller that gets the process after a state write
 * must still see everything, so the output is piped into a buffer at once.
 */
function buffered(stream: Readable | null): Readable | null {
  return stream ? stream.pipe(new PassThrough()) : null;
}

/**
 * Wraps a started child as a {@link JailProcess}. `kill` with `group` signals
 * the process group when the child leads one (`newSession`), else the child.
 * @internal
 */
export function toJailProcess(child: ChildProcess, jailId: number, leadsGroup: boolean): JailProcess {
  const pid = child.pid!;
  // an 'error' after a successful spawn (a failed kill) must not crash the caller
  child.on('error', () => undefined);
  const exited = new Promise<ProcessExit>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  return {
    pid,
    jailId,
    stdin: child.stdin,
    stdout: buffered(child.stdout),
    stderr: buffered(child.stderr),
    exited,
    kill(signal = 'SIGTERM', options = {}) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try {
        process.kill(options.group && leadsGroup ? -pid : pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}
