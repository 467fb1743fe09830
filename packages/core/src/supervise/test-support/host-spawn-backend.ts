/**
 * TEST SUPPORT ONLY (not exported, not built): a backend whose spawnInJail
 * runs real host processes with node:child_process, with no jail, chroot or
 * policy at all. It lets core's supervisor tests use real processes, signals,
 * process groups and pipes without depending on a backend package. The
 * detached daemon loads it through a descriptor, so it also exports
 * `createBackend`.
 */
import { spawn } from 'node:child_process';
import type { Backend, JailProcess, ProcessExit, SpawnOptions, StdioMode } from '../../backend/backend.js';
import { errnoError } from '../../errors/jail-error.js';
import type { JailInfo } from '../../jails/jail-info.js';
import type { JailCreateRequest, JailId } from '../../jails/jail-spec.js';

/** Options of {@link createHostSpawnBackend} (JSON-serialisable, for the daemon). */
export interface HostSpawnBackendOptions {
  /** Jails that exist from the start. */
  readonly jails?: readonly { id: JailId; name: string; root?: string }[];
}

const info = (id: JailId, name: string, root = '/'): JailInfo => ({
  id,
  name,
  root,
  refcount: 0,
  limits: {
    cpuQuotaTicks: 0,
    cpuPeriodMicros: 0,
    memoryMaxBytes: 0,
    procMax: 0,
    fdMax: 0,
    sockbufMaxBytes: 0,
  },
  usage: { procs: 0, fds: 0, sockbufBytes: 0, memoryBytes: 0, cpuTicks: 0 },
  counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
});

function hostProcess(jailId: JailId, argv: readonly string[], options: SpawnOptions): Promise<JailProcess> {
  const stdio = (typeof options.stdio === 'string'
    ? [options.stdio, options.stdio, options.stdio]
    : options.stdio) ?? ['pipe', 'pipe', 'pipe'];
  const child = spawn(argv[0]!, argv.slice(1), {
    env: options.env ? { ...process.env, ...options.env } : process.env,
    stdio: stdio as StdioMode[],
    detached: options.newSession ?? false,
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        errnoError('ENOENT', { operation: 'spawn', detail: `${argv[0]}: ${error.message}`, cause: error }),
      ),
    );
    child.once('spawn', () =>
      resolve({
        pid: child.pid!,
        jailId,
        stdin: child.stdin,
        stdout: child.stdout,
        stderr: child.stderr,
        exited,
        kill(signal = 'SIGTERM', killOptions = {}) {
          try {
            process.kill(killOptions.group ? -child.pid! : child.pid!, signal);
            return true;
          } catch {
            return false;
          }
        },
      }),
    );
  });
}

/** Creates the test-only host-process backend. */
export function createHostSpawnBackend(options: HostSpawnBackendOptions = {}): Backend {
  const jails = new Map<JailId, JailInfo>(
    (options.jails ?? []).map((j) => [j.id, info(j.id, j.name, j.root)]),
  );
  let nextId = Math.max(0, ...jails.keys()) + 1;
  return {
    specVersion: 1,
    name: 'host-spawn (test)',
    capabilities: { policy: 'none', processes: 'real', accounting: 'none', injectableIdCounter: false },
    async probe() {
      return { backend: 'host-spawn', available: true, hostRoot: true, protocolVersion: 1 };
    },
    async createJail(request: JailCreateRequest) {
      const jail = info(nextId++, request.name, request.root);
      jails.set(jail.id, jail);
      return jail;
    },
    async destroyJail(id) {
      if (!jails.delete(id)) throw errnoError('ENOENT', { operation: 'destroy' });
    },
    async listJails() {
      return [...jails.values()].sort((a, b) => b.id - a.id);
    },
    async spawnInJail(id, argv, spawnOptions = {}) {
      if (!jails.has(id)) throw errnoError('ENOENT', { operation: 'spawn', detail: `jail ${id} not found` });
      return hostProcess(id, argv, spawnOptions);
    },
    async dispose() {},
  };
}

/** The same factory under the name a backend descriptor uses by default. */
export const createBackend = createHostSpawnBackend;
