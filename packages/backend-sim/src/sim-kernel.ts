import { type Clock, createFakeClock } from '@jails/core';
import {
  type BindFamily,
  type ErrnoName,
  errnoError,
  type JailCreateRequest,
  type JailId,
  type JailInfo,
  type ProcessView,
  type SyscallAction,
  type SyscallOutcome,
  type SystemRequest,
  strerror,
} from '@jails/core/backend';
import * as mem from './kernel/accounting.js';
import { act } from './kernel/act.js';
import { sizeArg } from './kernel/args.js';
import {
  KernelCore,
  type KProc,
  normalizeState,
  type SimKernelEvent,
  type SimSubject,
} from './kernel/core.js';
import { grantTicks, runDueCallouts, setCpuDemand } from './kernel/cpu.js';
import * as table from './kernel/jail-table.js';
import * as procs from './kernel/policy-process.js';
import * as sys from './kernel/policy-system.js';
import * as proc from './kernel/process.js';
import * as sock from './kernel/sockbuf.js';
import {
  HOST_ROOT,
  initialSimState,
  type SimCred,
  type SimJailEntry,
  type SimKernelState,
  type SimProcess,
} from './state.js';

/** Options of {@link SimKernel}. */
export interface SimKernelOptions {
  /** An existing state to run on (e.g. loaded from disk). @default a fresh kernel */
  readonly state?: SimKernelState;
  /** Drives the 1 Hz callout. @default a fake clock at 0 that moves only when advanced */
  readonly clock?: Clock;
  /** Seed of {@link SimKernel.random}, used when the state has no generator state yet. @default 1 */
  readonly seed?: number;
}

function must<T>(result: T | ErrnoName, operation: string, field?: string): T {
  if (typeof result !== 'string') return result;
  const errno = result as ErrnoName;
  throw errnoError(
    errno,
    field ? { operation, field, detail: `${field}: ${strerror(errno)}` } : { operation },
  );
}

/**
 * The simulated secmodel_jail kernel. Each method is a "simulated syscall":
 * it answers what the model-B kernel answers and bumps the same counters.
 * Refusals throw a `JailError` carrying the errno (or, through
 * {@link SimKernel.act}, come back as `{ ok: false, errno }`); malformed
 * arguments throw a `ValidationError` naming the argument.
 *
 * All state is the plain {@link SimKernelState} in {@link SimKernel.state};
 * lookups go through indexes kept beside it (call {@link SimKernel.reindex}
 * after changing the state by hand). Time moves only with the clock: the
 * 1 Hz callout runs for every second that has passed at the next call.
 * Results may be more pessimistic than a real kernel's, which fails open
 * when its jail lock is contended (upstream-facts 4.0).
 */
export class SimKernel {
  /** The kernel's state; plain data. */
  readonly state: SimKernelState;
  /** The clock driving the callout. */
  readonly clock: Clock;
  readonly #k: KernelCore;

  constructor(options: SimKernelOptions = {}) {
    this.clock = options.clock ?? createFakeClock(0);
    const state = normalizeState(options.state ?? initialSimState(), this.clock.now(), options.seed ?? 1);
    this.state = state;
    this.#k = new KernelCore(state, this.clock);
  }

  #live(pid: number, operation: string): KProc {
    runDueCallouts(this.#k);
    return this.#k.live(pid, operation);
  }

  #cred(subject: SimSubject, operation: string): SimCred {
    runDueCallouts(this.#k);
    return this.#k.credOf(subject, operation);
  }

  /** Write of `security.models.jail.create` (upstream-facts 2.5). */
  create(cred: SimCred, req: JailCreateRequest): JailInfo {
    runDueCallouts(this.#k);
    return table.createJail(this.#k, cred, req);
  }

  /** Write of `security.models.jail.destroy`: EBUSY (checked first) while live or zombie members exist. */
  destroy(cred: SimCred, id: JailId): void {
    runDueCallouts(this.#k);
    table.destroyJail(this.#k, cred, id);
  }

  /** Read of `security.models.jail.list`: every jail, newest first, counters as last sampled. */
  list(cred: SimCred = HOST_ROOT): JailInfo[] {
    runDueCallouts(this.#k);
    return table.listJails(this.#k, cred);
  }

  /** Read of `security.models.jail.id`: EPERM unless host root (who reads 0). */
  readId(subject: SimSubject): JailId {
    return must(table.readId(this.#cred(subject, 'read id')), 'read id');
  }

  /** Write of `security.models.jail.id` by process `pid` (6.2): host root only, ENOENT for a missing jail. */
  enter(pid: number, jid: JailId): void {
    must(table.enterJail(this.#k, this.#live(pid, 'enter'), jid), 'enter', 'jid');
  }

  /**
   * Host root forks a child that enters jail `id` (0 = stays on the host) and
   * execs `argv`, as `jailctl exec` does; no admission check (6.2).
   * @returns the new process's pid
   * @throws {JailError} EPERM unless host root, ENOENT for a missing jail, EEXIST for a taken `options.pid`
   */
  spawn(cred: SimCred, id: JailId, argv: readonly string[], options?: proc.SimSpawnOptions): number {
    runDueCallouts(this.#k);
    return proc.spawnProcess(this.#k, cred, id, argv, options);
  }

  /** fork(2): EAGAIN when the jail is over CPU quota or at `procMax` (live + zombie). @returns the child's pid */
  fork(pid: number): number {
    return must(proc.forkProcess(this.#k, this.#live(pid, 'fork')), 'fork');
  }

  /** execve(2): a new image of `vmBytes`; jid, descriptors and sockets are kept. */
  exec(pid: number, argv: readonly string[], options: { readonly vmBytes?: number } = {}): void {
    proc.execProcess(this.#k, this.#live(pid, 'exec'), argv, options.vmBytes ?? 0);
  }

  /** A live process exits and stays a zombie until reaped (orphans adopted by init are reaped at once). */
  exit(pid: number, status: { code: number | null; signal: string | null }): void {
    proc.exitProcess(this.#k, this.#live(pid, 'exit'), status);
  }

  /** Removes the zombie `pid` from the table. @throws {JailError} ECHILD when it is not a zombie */
  reap(pid: number): void {
    runDueCallouts(this.#k);
    proc.reapProcess(this.#k, pid);
  }

  /** waitpid(child, WNOHANG) by `pid`. @returns whether a zombie was reaped @throws ECHILD for a non-child */
  wait(pid: number, child: number): boolean {
    return must(proc.waitChild(this.#k, this.#live(pid, 'wait'), child), 'wait', 'child');
  }

  /** setuid(2); the jid is kept. @throws EPERM for a non-root caller taking another uid */
  setuid(pid: number, uid: number): void {
    must(proc.setUid(this.#live(pid, 'setuid'), uid), 'setuid', 'uid');
  }

  /** setsid(2): own session and process group. @throws EPERM for a group leader */
  setsid(pid: number): void {
    must(proc.setSid(this.#live(pid, 'setsid')), 'setsid');
  }

  /** Whether `subject` can see process `pid` (KAUTH_PROCESS_CANSEE; false for unknown pids). */
  canSee(subject: SimSubject, pid: number): boolean {
    return procs.seeProcess(this.#k, this.#cred(subject, 'see'), pid) === undefined;
  }

  /** The process listing as `subject` sees it (invisible processes left out), by pid. */
  processes(subject: SimSubject = HOST_ROOT): ProcessView[] {
    return procs.listProcesses(this.#k, this.#cred(subject, 'ps'));
  }

  /** kill(pid, signal) (signal 0 = permission check). @throws ESRCH (field `pid`), EPERM */
  kill(subject: SimSubject, pid: number, signal: number): void {
    must(procs.signalProcess(this.#k, this.#cred(subject, 'kill'), pid, signal), 'kill', 'pid');
  }

  /** kill(-pgid, signal), skipping processes the caller may not signal. @returns how many were signalled @throws ESRCH */
  killGroup(subject: SimSubject, pgid: number, signal: number): number {
    const cred = this.#cred(subject, 'kill');
    const self = typeof subject === 'number' ? this.#k.procs.get(subject) : undefined;
    return must(procs.signalGroup(this.#k, cred, self, pgid, signal), 'kill', 'pgid');
  }

  /** kill(-1, signal): everyone the caller may signal but init and itself. @returns how many @throws ESRCH */
  killAll(subject: SimSubject, signal: number): number {
    const cred = this.#cred(subject, 'kill');
    const self = typeof subject === 'number' ? this.#k.procs.get(subject) : undefined;
    return must(procs.signalAll(this.#k, cred, self, signal), 'kill');
  }

  /** A system-scope action (3.3) such as `{ action: 'mount', request: 'new' }`. @throws EPERM */
  system(subject: SimSubject, request: SystemRequest): void {
    must(
      sys.systemAction(this.#k, this.#cred(subject, request?.action ?? 'system'), request),
      request.action,
    );
  }

  /** secmodel_jail's own decision for a system action, before the other models. */
  systemDecision(subject: SimSubject, request: SystemRequest): sys.JailDecision {
    return sys.systemDecision(this.#k, this.#cred(subject, 'system'), request);
  }

  /** bind(2) to `port` (3.4): EACCES for a port another jail reserved, host root included. */
  bind(subject: SimSubject, port: number, family: BindFamily = 'inet'): void {
    must(sys.bindPort(this.#k, this.#cred(subject, 'bind'), port, family), 'bind', 'port');
  }

  /** mmap(2) of `bytes`: ENOMEM past the jail's per-process `memoryMaxBytes`. */
  mmap(pid: number, bytes: number): void {
    must(mem.mmap(this.#k, this.#live(pid, 'mmap'), bytes), 'mmap', 'bytes');
  }

  /** munmap(2) of `bytes` (not accounted). */
  munmap(pid: number, bytes: number): void {
    mem.munmap(this.#live(pid, 'munmap'), bytes);
  }

  /** brk(2) to a data segment of `bytes`: growth admitted like mmap (ENOMEM). */
  brk(pid: number, bytes: number): void {
    must(mem.brk(this.#k, this.#live(pid, 'brk'), bytes), 'brk', 'bytes');
  }

  /** Allocates a descriptor (open, pipe, dup …): EMFILE past the per-process `fdMax`. */
  openFd(pid: number): void {
    must(mem.allocFd(this.#k, this.#live(pid, 'open')), 'open');
  }

  /** Closes a non-socket descriptor. @throws EBADF when there is none */
  closeFd(pid: number): void {
    must(mem.closeFd(this.#k, this.#live(pid, 'close')), 'close');
  }

  /** socket(2) with the given buffer reservations: EMFILE, ENOBUFS. @returns the socket id */
  socket(pid: number, options: { readonly sendBytes?: number; readonly receiveBytes?: number } = {}): number {
    return must(
      sock.openSocket(this.#k, this.#live(pid, 'socket'), options.sendBytes, options.receiveBytes),
      'socket',
    );
  }

  /** setsockopt(SO_SNDBUF / SO_RCVBUF): growth charged (ENOBUFS), shrink released. */
  setSockbuf(pid: number, socket: number, buffer: 'send' | 'receive', bytes: number): void {
    must(
      sock.setSockbuf(this.#k, this.#live(pid, 'setsockopt'), socket, buffer, bytes),
      'setsockopt',
      'socket',
    );
  }

  /** Closes a socket: both buffers released. @throws EBADF */
  closeSocket(pid: number, socket: number): void {
    must(sock.closeSocket(this.#k, this.#live(pid, 'close'), socket), 'close', 'socket');
  }

  /** Passes a socket to another process (SCM_RIGHTS); it stays charged to its creator's jail. */
  passSocket(pid: number, socket: number, toPid: number): void {
    const from = this.#live(pid, 'sendmsg');
    must(
      sock.passSocket(this.#k, from, socket, this.#k.live(toPid, 'sendmsg', 'toPid')),
      'sendmsg',
      'socket',
    );
  }

  /** setrlimit(RLIMIT_SBSIZE) of `pid` in bytes; 0 = infinity. */
  setSbsizeLimit(pid: number, bytes: number): void {
    sock.setSbsizeLimit(this.#live(pid, 'setrlimit'), bytes);
  }

  /** Runs `ticks` of CPU in `pid` now. @returns ticks run: 0 (each one a counted skip) while over quota */
  consumeCpu(pid: number, ticks: number): number {
    const p = this.#live(pid, 'run');
    return grantTicks(this.#k, p, sizeArg(ticks, 'run', 'ticks'));
  }

  /** Makes `pid` busy: it runs `ticksPerSecond` each second the clock moves (0 = idle). */
  setCpuDemand(pid: number, ticksPerSecond: number): void {
    setCpuDemand(this.#k, this.#live(pid, 'run'), ticksPerSecond);
  }

  /** Performs an SPI action as `pid` without throwing for kernel refusals. @throws for malformed input or a dead pid */
  act<A extends SyscallAction>(pid: number, action: A): SyscallOutcome<A['kind']> {
    return act(this.#k, this.#live(pid, 'act'), action) as SyscallOutcome<A['kind']>;
  }

  /** Runs the callouts that fell due; every other method does this first. */
  sync(): void {
    runDueCallouts(this.#k);
  }

  /** Subscribes to kernel events. @returns the unsubscribe function */
  observe(listener: (event: SimKernelEvent) => void): () => void {
    this.#k.listeners.add(listener);
    return () => this.#k.listeners.delete(listener);
  }

  /** The next number in [0, 1) of the seeded generator kept in the state (mulberry32). */
  random(): number {
    const s = this.state as { rngState: number };
    s.rngState = (s.rngState + 0x6d2b79f5) >>> 0;
    let t = s.rngState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Rebuilds the internal indexes after the state was changed by hand. */
  reindex(): void {
    this.#k.reindex();
  }

  /** The jail entry with this id, if it exists. */
  jail(id: JailId): SimJailEntry | undefined {
    return this.#k.jails.get(id);
  }

  /** The process with this pid (live or zombie), if it exists. */
  process(pid: number): SimProcess | undefined {
    return this.#k.procs.get(pid);
  }

  /** Sets the next jail id (0 = wrapped), to test the EOVERFLOW path. */
  setNextJailId(next: number): void {
    this.state.nextJailId = next;
  }
}

/** The `struct jail_info` view of an entry. */
export const toJailInfo: (entry: SimJailEntry) => JailInfo = table.toJailInfo;
