import { PassThrough } from 'node:stream';
import type { Backend, BackendCapabilities, JailProcess, ProcessExit } from '@jails/core/backend';
import { SimKernel } from './sim-kernel.js';
import { HOST_ROOT } from './state.js';

/** What the simulated backend declares. */
export const SIM_CAPABILITIES: BackendCapabilities = Object.freeze({
  policy: 'simulated',
  processes: 'virtual',
  accounting: 'simulated',
  injectableIdCounter: true,
});

/** Options of {@link createSimBackend}. */
export interface SimBackendOptions {
  /** The kernel to expose; pass one to inspect or drive it from a test. @default a fresh SimKernel */
  readonly kernel?: SimKernel;
}

/** A simulated backend plus direct access to its kernel. */
export interface SimBackend extends Backend {
  /** The simulated kernel behind the SPI. */
  readonly kernel: SimKernel;
}

/**
 * Creates the simulated backend: the secmodel_jail kernel semantics in
 * TypeScript, with virtual processes. Deterministic, needs no root and no
 * NetBSD.
 * @example
 * const jails = createJails({ backend: createSimBackend() });
 */
export function createSimBackend(options: SimBackendOptions = {}): SimBackend {
  const kernel = options.kernel ?? new SimKernel();
  return {
    specVersion: 1,
    name: 'sim',
    capabilities: SIM_CAPABILITIES,
    kernel,
    async probe() {
      return { backend: 'sim', available: true, hostRoot: true, protocolVersion: kernel.state.version };
    },
    async createJail(request) {
      return kernel.create(HOST_ROOT, request);
    },
    async destroyJail(id) {
      kernel.destroy(HOST_ROOT, id);
    },
    async listJails() {
      return kernel.list(HOST_ROOT);
    },
    async spawnInJail(id, argv) {
      const pid = kernel.spawn(HOST_ROOT, id, argv);
      return virtualProcess(kernel, pid, id);
    },
    testHooks: { setNextJailId: (next) => kernel.setNextJailId(next) },
    async dispose() {},
  };
}

function virtualProcess(kernel: SimKernel, pid: number, jailId: number): JailProcess {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let settle!: (exit: ProcessExit) => void;
  const exited = new Promise<ProcessExit>((resolve) => {
    settle = resolve;
  });
  return {
    pid,
    jailId,
    stdin: null,
    stdout,
    stderr,
    exited,
    kill(signal = 'SIGTERM') {
      const proc = kernel.state.processes.find((p) => p.pid === pid);
      if (!proc || proc.state !== 'live') return false;
      const name = typeof signal === 'number' ? (`SIG${signal}` as NodeJS.Signals) : signal;
      kernel.exit(pid, { code: null, signal: name });
      kernel.reap(pid);
      stdout.end();
      stderr.end();
      settle({ code: null, signal: name });
      return true;
    },
  };
}
