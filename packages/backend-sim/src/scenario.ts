import { createFakeClock, type FakeClock } from '@jails/core';
import type {
  ErrnoName,
  JailCreateRequest,
  JailId,
  JailInfo,
  SyscallAction,
  SyscallOutcome,
  SystemRequest,
} from '@jails/core/backend';
import type { SimKernelEvent } from './kernel/core.js';
import { createSimBackend, type SimBackend } from './sim-backend.js';
import { SimKernel } from './sim-kernel.js';
import { HOST_ROOT, type SimJailEntry, type SimKernelState, type SimProcess } from './state.js';

/** What a scenario step reports: `'ok'` or the errno the process saw. */
export type SimStatus = 'ok' | ErrnoName;

/** Options of {@link createSimScenario}. */
export interface SimScenarioOptions {
  /** Seed of {@link SimScenario.random}. @default 1 */
  readonly seed?: number;
  /** Start time of the fake clock in ms. @default 0 */
  readonly startMs?: number;
  /** Run on an existing kernel state (e.g. a {@link SimScenario.snapshot}). @default a fresh kernel */
  readonly state?: SimKernelState;
}

/** Options for starting a process in a scenario. */
export interface ScenarioSpawnOptions {
  /** Run as this uid (root enters, then drops to it). @default 0 */
  readonly uid?: number;
  /** The command, for the record. @default ['/bin/sh'] */
  readonly argv?: readonly string[];
  /** Address-space size of the new process in bytes. @default 0 */
  readonly vmBytes?: number;
}

const status = (o: SyscallOutcome): SimStatus => (o.ok ? 'ok' : o.errno);

/**
 * A process in a scenario: the simulated syscalls as short methods that
 * report `'ok'` or the errno instead of throwing (malformed arguments still
 * throw a `ValidationError`).
 */
export class ScenarioProcess {
  constructor(
    /** The scenario's kernel. */
    readonly kernel: SimKernel,
    /** The process id. */
    readonly pid: number,
  ) {}

  /** The kernel's record of the process (undefined once reaped). */
  get record(): SimProcess | undefined {
    return this.kernel.process(this.pid);
  }

  /** Whether the process is alive (not a zombie, not reaped). */
  get alive(): boolean {
    return this.record?.state === 'live';
  }

  /** Performs any SPI action as this process. */
  act<A extends SyscallAction>(action: A): SyscallOutcome<A['kind']> {
    return this.kernel.act(this.pid, action);
  }

  /** fork(2). @throws {JailError} EAGAIN when refused (use {@link ScenarioProcess.tryFork} to get the errno) */
  fork(): ScenarioProcess {
    return new ScenarioProcess(this.kernel, this.kernel.fork(this.pid));
  }

  /** fork(2) that reports a refusal as its errno. */
  tryFork(): ScenarioProcess | ErrnoName {
    const o = this.act({ kind: 'fork' });
    return o.ok ? new ScenarioProcess(this.kernel, o.value) : o.errno;
  }

  /** mmap(2) of `bytes` (ENOMEM past the jail's per-process memory ceiling). */
  mmap(bytes: number): SimStatus {
    return status(this.act({ kind: 'mmap', bytes }));
  }

  /** brk(2) to a data segment of `bytes`. */
  brk(bytes: number): SimStatus {
    return status(this.act({ kind: 'brk', bytes }));
  }

  /** Opens `count` descriptors, stopping at the first refusal (EMFILE). */
  open(count = 1): SimStatus {
    for (let i = 0; i < count; i++) {
      const s = status(this.act({ kind: 'open' }));
      if (s !== 'ok') return s;
    }
    return 'ok';
  }

  /** socket(2) with the given reservations. @returns the socket id, or the errno (EMFILE, ENOBUFS) */
  socket(options: { readonly sendBytes?: number; readonly receiveBytes?: number } = {}): number | ErrnoName {
    const o = this.act({ kind: 'socket', ...options });
    return o.ok ? o.value : o.errno;
  }

  /** bind(2) to `port` (EACCES for a port another jail reserved). */
  bind(port: number, family: 'inet' | 'inet6' | 'local' = 'inet'): SimStatus {
    return status(this.act({ kind: 'bind', port, family }));
  }

  /** kill(2) of another process. @default signal 15 (SIGTERM) */
  kill(target: ScenarioProcess | number, signal = 15): SimStatus {
    const pid = typeof target === 'number' ? target : target.pid;
    return status(this.act({ kind: 'signal', pid, signal }));
  }

  /** Whether this process can see `target`. */
  sees(target: ScenarioProcess | number): boolean {
    return this.kernel.canSee(this.pid, typeof target === 'number' ? target : target.pid);
  }

  /** A system-scope action, e.g. `{ action: 'mount', request: 'new' }`. */
  system(request: SystemRequest): SimStatus {
    return status(this.act({ kind: 'system', ...request }));
  }

  /** setuid(2). */
  setuid(uid: number): SimStatus {
    return status(this.act({ kind: 'setuid', uid }));
  }

  /** Makes the process busy: it runs `ticksPerSecond` ticks each simulated second. @default 100 */
  busy(ticksPerSecond = 100): this {
    this.kernel.setCpuDemand(this.pid, ticksPerSecond);
    return this;
  }

  /** Runs `ticks` of CPU now. @returns the ticks run (0 while the jail is over quota) */
  burn(ticks: number): number {
    return this.kernel.consumeCpu(this.pid, ticks);
  }

  /** The process exits (a zombie until reaped). @default code 0 */
  exit(code = 0): void {
    this.kernel.exit(this.pid, { code, signal: null });
  }

  /** Its parent reaps the zombie. */
  reap(): void {
    this.kernel.reap(this.pid);
  }
}

/** A jail in a scenario. */
export class ScenarioJail {
  constructor(
    /** The scenario's kernel. */
    readonly kernel: SimKernel,
    /** The jail id. */
    readonly id: JailId,
    /** The jail name. */
    readonly name: string,
  ) {}

  /** The jail as `listJails()` reports it now (running due callouts first). */
  info(): JailInfo {
    const found = this.kernel.list().find((j) => j.id === this.id);
    if (!found) throw new Error(`jail ${this.id} (${this.name}) no longer exists`);
    return found;
  }

  /** The kernel's entry, with the fields `list` does not export (profile, ports, window, over-quota). */
  entry(): SimJailEntry | undefined {
    return this.kernel.jail(this.id);
  }

  /** Starts one process in the jail, as `jailctl exec` would (no admission check). */
  spawn(options: ScenarioSpawnOptions = {}): ScenarioProcess {
    const pid = this.kernel.spawn(HOST_ROOT, this.id, options.argv ?? ['/bin/sh'], {
      ...(options.vmBytes === undefined ? {} : { vmBytes: options.vmBytes }),
    });
    if (options.uid) this.kernel.setuid(pid, options.uid);
    return new ScenarioProcess(this.kernel, pid);
  }

  /** Starts `count` processes. */
  spawnMany(count: number, options: ScenarioSpawnOptions = {}): ScenarioProcess[] {
    return Array.from({ length: count }, () => this.spawn(options));
  }

  /** Live and zombie members, by pid. */
  members(): ScenarioProcess[] {
    return this.kernel.state.processes
      .filter((p) => p.jid === this.id)
      .map((p) => new ScenarioProcess(this.kernel, p.pid));
  }

  /** Destroys the jail (EBUSY while it has members). */
  destroy(): void {
    this.kernel.destroy(HOST_ROOT, this.id);
  }
}

/**
 * A deterministic world for tests: a simulated kernel on a fake clock, with
 * short helpers to create jails, start processes, make them allocate, fork,
 * bind or burn CPU, and move time. Every kernel event is recorded in
 * {@link SimScenario.events}. Create one with {@link createSimScenario}.
 */
export class SimScenario {
  /** The fake clock; time moves only through {@link SimScenario.advance}. */
  readonly clock: FakeClock;
  /** The kernel. */
  readonly kernel: SimKernel;
  /** Every kernel event so far, in order. */
  readonly events: SimKernelEvent[] = [];
  #backend: SimBackend | undefined;
  #seq = 0;

  constructor(options: SimScenarioOptions = {}) {
    this.clock = createFakeClock(options.startMs ?? 0);
    this.kernel = new SimKernel({
      clock: this.clock,
      seed: options.seed ?? 1,
      ...(options.state ? { state: options.state } : {}),
    });
    this.kernel.observe((e) => this.events.push(e));
  }

  /** The same kernel behind the backend SPI, e.g. for `createJails({ backend })`. */
  get backend(): SimBackend {
    this.#backend ??= createSimBackend({ kernel: this.kernel });
    return this.#backend;
  }

  /** Creates a jail; `root` defaults to `/jails/<name>`, `name` to `jail<n>`. */
  jail(request: Partial<JailCreateRequest> = {}): ScenarioJail {
    const name = request.name ?? `jail${++this.#seq}`;
    const info = this.kernel.create(HOST_ROOT, { ...request, name, root: request.root ?? `/jails/${name}` });
    return new ScenarioJail(this.kernel, info.id, name);
  }

  /** Starts a process on the host. @default root */
  host(options: ScenarioSpawnOptions = {}): ScenarioProcess {
    const pid = this.kernel.spawn(HOST_ROOT, 0, options.argv ?? ['/bin/sh'], {
      ...(options.vmBytes === undefined ? {} : { vmBytes: options.vmBytes }),
    });
    if (options.uid) this.kernel.setuid(pid, options.uid);
    return new ScenarioProcess(this.kernel, pid);
  }

  /** Moves time forward by `ms`; the 1 Hz callout runs for every second that passes. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    this.kernel.sync();
  }

  /** The next seeded random number in [0, 1): the same seed gives the same sequence. */
  random(): number {
    return this.kernel.random();
  }

  /** A deep copy of the kernel state (plain JSON data). */
  snapshot(): SimKernelState {
    return structuredClone(this.kernel.state);
  }
}

/**
 * Creates a {@link SimScenario}.
 * @example {@includeCode ./scenario.test.ts#memory-ceiling}
 */
export function createSimScenario(options: SimScenarioOptions = {}): SimScenario {
  return new SimScenario(options);
}
