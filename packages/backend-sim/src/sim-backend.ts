import { PassThrough } from 'node:stream';
import { type Clock, createFakeClock, type FakeClock } from '@jails/core';
import {
  type Backend,
  type BackendCapabilities,
  type BackendSyscalls,
  type JailId,
  type JailProcess,
  type ProcessExit,
  ValidationError,
} from '@jails/core/backend';
import { signalNumber } from './kernel/signals.js';
import { SimKernel } from './sim-kernel.js';
import { HOST_ROOT } from './state.js';

/** What the simulated backend declares (with its default fake clock). */
export const SIM_CAPABILITIES: BackendCapabilities = Object.freeze({
  policy: 'simulated',
  processes: 'virtual',
  accounting: 'simulated',
  injectableIdCounter: true,
  syscalls: true,
  injectableClock: true,
});

/** Options of {@link createSimBackend}. */
export interface SimBackendOptions {
  /** The kernel to expose; pass one to inspect or drive it from a test. @default a fresh SimKernel on `clock` */
  readonly kernel?: SimKernel;
  /**
   * Drives the kernel's 1 Hz callout when no `kernel` is given. With a fake
   * clock (the default) `testHooks.advanceClockMs` moves it.
   * @default createFakeClock(0)
   */
  readonly clock?: Clock;
  /** Seed of the kernel's random generator when no `kernel` is given. @default 1 */
  readonly seed?: number;
}

/** A simulated backend plus direct access to its kernel. */
export interface SimBackend extends Backend {
  /** The simulated kernel behind the SPI. */
  readonly kernel: SimKernel;
  readonly syscalls: BackendSyscalls;
}

const isFake = (clock: Clock): clock is FakeClock =>
  typeof (clock as Partial<FakeClock>).advance === 'function';

/**
 * Creates the simulated backend: the secmodel_jail kernel semantics in
 * TypeScript, with virtual processes. Deterministic (fake clock by default),
 * needs no root and no NetBSD.
 * @example
 * const jails = createJails({ backend: createSimBackend() });
 */
export function createSimBackend(options: SimBackendOptions = {}): SimBackend {
  const kernel =
    options.kernel ??
    new SimKernel({
      clock: options.clock ?? createFakeClock(0),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  const clock = kernel.clock;
  const handles = new VirtualProcesses(kernel);
  return {
    specVersion: 1,
    name: 'sim',
    capabilities: isFake(clock)
      ? SIM_CAPABILITIES
      : Object.freeze({ ...SIM_CAPABILITIES, injectableClock: false }),
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
      return handles.track(kernel.spawn(HOST_ROOT, id, argv), id);
    },
    syscalls: {
      async spawnActor(cred) {
        const pid = kernel.spawn(HOST_ROOT, cred.jid, ['actor']);
        if (cred.uid !== 0) kernel.setuid(pid, cred.uid);
        return handles.track(pid, cred.jid);
      },
      async act(pid, action) {
        return kernel.act(pid, action);
      },
    },
    testHooks: {
      setNextJailId: (next) => kernel.setNextJailId(next),
      ...(isFake(clock)
        ? {
            async advanceClockMs(ms: number) {
              await clock.advance(ms);
              kernel.sync();
            },
          }
        : {}),
    },
    async dispose() {
      handles.dispose();
    },
  };
}

/** The handles of processes the backend spawned: it is their parent, and reaps them when they exit. */
class VirtualProcesses {
  readonly #settle = new Map<number, (exit: ProcessExit) => void>();
  readonly #unsubscribe: () => void;

  constructor(readonly kernel: SimKernel) {
    this.#unsubscribe = kernel.observe((event) => {
      if (event.type !== 'process-exited') return;
      const settle = this.#settle.get(event.pid);
      if (!settle) return;
      this.#settle.delete(event.pid);
      // reap after the kernel call that killed it has finished
      queueMicrotask(() => {
        if (kernel.process(event.pid)?.state === 'zombie') kernel.reap(event.pid);
        settle({ code: event.exit.code, signal: (event.exit.signal as NodeJS.Signals | null) ?? null });
      });
    });
  }

  track(pid: number, jailId: JailId): JailProcess {
    const kernel = this.kernel;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const exited = new Promise<ProcessExit>((resolve) => {
      this.#settle.set(pid, (exit) => {
        stdout.end();
        stderr.end();
        resolve(exit);
      });
    });
    return {
      pid,
      jailId,
      stdin: null,
      stdout,
      stderr,
      exited,
      kill(signal = 'SIGTERM', options = {}) {
        const signo = typeof signal === 'number' ? signal : signalNumber(signal);
        if (signo === undefined) {
          throw new ValidationError('signal', `signal: NetBSD has no ${String(signal)}`, {
            operation: 'kill',
          });
        }
        const p = kernel.process(pid);
        if (p?.state !== 'live') return false;
        try {
          if (options.group) kernel.killGroup(HOST_ROOT, p.pgid ?? pid, signo);
          else kernel.kill(HOST_ROOT, pid, signo);
          return true;
        } catch (error) {
          if ((error as { errno?: string }).errno === 'ESRCH') return false;
          throw error;
        }
      },
    };
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
