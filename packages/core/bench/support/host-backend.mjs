// BENCHMARK SUPPORT ONLY: a plain-JavaScript backend running real host
// processes (no jail, no policy), so a daemon started from the built package
// (no TypeScript loader) can rebuild it from a descriptor. Mirrors
// src/supervise/test-support/host-spawn-backend.ts.
import { spawn } from 'node:child_process';

const zero = {
  cpuQuotaTicks: 0,
  cpuPeriodMicros: 0,
  memoryMaxBytes: 0,
  procMax: 0,
  fdMax: 0,
  sockbufMaxBytes: 0,
};

export function createBackend({ jails = [] } = {}) {
  const list = jails.map((j) => ({
    id: j.id,
    name: j.name,
    root: '/',
    refcount: 0,
    limits: zero,
    usage: { procs: 0, fds: 0, sockbufBytes: 0, memoryBytes: 0, cpuTicks: 0 },
    counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
  }));
  return {
    specVersion: 1,
    name: 'host-spawn (bench)',
    capabilities: { policy: 'none', processes: 'real', accounting: 'none', injectableIdCounter: false },
    probe: async () => ({ backend: 'host-spawn', available: true, hostRoot: true, protocolVersion: 1 }),
    createJail: async () => {
      throw new Error('not supported');
    },
    destroyJail: async () => {},
    listJails: async () => list,
    spawnInJail: (jailId, argv, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(argv[0], argv.slice(1), {
          stdio: options.stdio ?? 'pipe',
          detached: options.newSession ?? false,
          env: options.env ? { ...process.env, ...options.env } : process.env,
        });
        const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
        child.once('error', reject);
        child.once('spawn', () =>
          resolve({
            pid: child.pid,
            jailId,
            stdin: child.stdin,
            stdout: child.stdout,
            stderr: child.stderr,
            exited,
            kill(signal = 'SIGTERM', { group = false } = {}) {
              try {
                process.kill(group ? -child.pid : child.pid, signal);
                return true;
              } catch {
                return false;
              }
            },
          }),
        );
      }),
    dispose: async () => {},
  };
}
