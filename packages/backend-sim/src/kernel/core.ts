import type { Clock } from '@jails/core';
import { type ErrnoName, errnoError, type JailId } from '@jails/core/backend';
import type { SimCred, SimJailEntry, SimKernelState, SimProcess, SimSocket } from '../state.js';
import { pidArg } from './args.js';

/** @internal A process with every optional field filled in. */
export interface KProc extends SimProcess {
  pgid: number;
  vmBytes: number;
  brkBytes: number;
  fds: number;
  cpuTicks: number;
  cpuTicksPerSecond: number;
  sbsizeLimitBytes: number;
}

/** @internal The state with every optional field filled in. */
export interface KState extends SimKernelState {
  processes: KProc[];
  sockets: SimSocket[];
  nextSocketId: number;
  calloutNextMs: number;
  rngState: number;
}

/** Which admission a denial was for. */
export type SimResource = 'proc' | 'memory' | 'fd' | 'sockbuf' | 'cpu';

/**
 * What the simulated kernel reports to observers, in the order it happens.
 * `atMs` is the kernel clock's time.
 */
export type SimKernelEvent =
  | {
      readonly type: 'process-exited';
      readonly pid: number;
      readonly jid: JailId;
      readonly exit: { readonly code: number | null; readonly signal: string | null };
      readonly atMs: number;
    }
  | {
      readonly type: 'admission-denied';
      readonly resource: SimResource;
      readonly errno: ErrnoName;
      readonly jid: JailId;
      readonly pid: number;
      readonly atMs: number;
    }
  | { readonly type: 'cpu-over-quota'; readonly jid: JailId; readonly atMs: number };

/** Who performs a simulated syscall: a live process (by pid) or a bare credential. */
export type SimSubject = number | SimCred;

/** @internal True for host root: euid 0 and jid 0. */
export const isHostRoot = (cred: SimCred): boolean => cred.euid === 0 && cred.jid === 0;

/** @internal True when both quota and period are set. */
export const cpuLimited = (e: SimJailEntry): boolean =>
  e.limits.cpuQuotaTicks !== 0 && e.limits.cpuPeriodMicros !== 0;

/** @internal Fills in the defaults of state fields older states lack (processes: {@link KernelCore.reindex}). */
export function normalizeState(state: SimKernelState, nowMs: number, seed: number): KState {
  state.sockets ??= [];
  state.nextSocketId ??= 1;
  state.calloutNextMs ??= nowMs + 1000;
  state.rngState ??= seed >>> 0;
  return state as KState;
}

function normalizeProcess(p: SimProcess): KProc {
  p.pgid ??= p.pid;
  p.vmBytes ??= 0;
  p.brkBytes ??= 0;
  p.fds ??= 0;
  p.cpuTicks ??= 0;
  p.cpuTicksPerSecond ??= 0;
  p.sbsizeLimitBytes ??= 0;
  return p as KProc;
}

/**
 * @internal The kernel's state plus the indexes derived from it (pid →
 * process, jid → entry, port → jid, member counts …). The indexes live
 * outside the state, so the state stays plain data; {@link KernelCore.reindex}
 * rebuilds them from it.
 */
export class KernelCore {
  readonly procs = new Map<number, KProc>();
  readonly jails = new Map<JailId, SimJailEntry>();
  readonly names = new Map<string, JailId>();
  readonly ports = new Map<number, JailId>();
  /** Live + zombie processes per jid (jid ≠ 0). */
  readonly members = new Map<JailId, number>();
  readonly sockets = new Map<number, SimSocket>();
  /** Socket ids per holding pid. */
  readonly held = new Map<number, Set<number>>();
  /** Socket buffer bytes per uid (`ui_sbsize`). */
  readonly uidSockbuf = new Map<number, number>();
  /** Live processes with CPU demand. */
  readonly busy = new Set<number>();
  readonly listeners = new Set<(event: SimKernelEvent) => void>();

  constructor(
    readonly state: KState,
    readonly clock: Clock,
  ) {
    this.reindex();
  }

  /** Rebuilds every index from {@link KernelCore.state}, filling in defaults of processes added by hand. */
  reindex(): void {
    for (const m of [this.procs, this.jails, this.names, this.ports, this.members, this.sockets, this.held]) {
      m.clear();
    }
    this.uidSockbuf.clear();
    this.busy.clear();
    this.state.processes.sort((a, b) => a.pid - b.pid);
    for (const p of this.state.processes.map(normalizeProcess)) {
      this.procs.set(p.pid, p);
      if (p.jid !== 0) this.members.set(p.jid, (this.members.get(p.jid) ?? 0) + 1);
      if (p.state === 'live' && p.cpuTicksPerSecond > 0) this.busy.add(p.pid);
    }
    for (const e of this.state.jails) {
      this.jails.set(e.id, e);
      this.names.set(e.name, e.id);
      for (const port of e.ports) this.ports.set(port, e.id);
    }
    for (const s of this.state.sockets) {
      this.sockets.set(s.id, s);
      this.holdSocket(s.holderPid, s.id);
      this.addUidSockbuf(s.uid, s.sendBytes + s.receiveBytes);
    }
  }

  /** Tells the observers; builds nothing when there are none. */
  emit(make: () => SimKernelEvent): void {
    if (this.listeners.size === 0) return;
    const event = make();
    for (const listener of this.listeners) listener(event);
  }

  /** A live process, or a `JailError` (ESRCH) naming `field`. */
  live(pid: unknown, operation: string, field = 'pid'): KProc {
    const p = this.procs.get(pidArg(pid, operation, field));
    if (p?.state !== 'live') {
      throw errnoError('ESRCH', {
        operation,
        field,
        detail: `${field}: ${p ? `process ${p.pid} has exited` : `no process ${String(pid)}`}`,
      });
    }
    return p;
  }

  /** The credential of a subject (a live process's, or the given one). */
  credOf(subject: number | SimCred, operation: string): SimCred {
    return typeof subject === 'number' ? this.live(subject, operation) : subject;
  }

  /** Adds a process to the table (kept in pid order) and the indexes. */
  insert(p: KProc): void {
    const list = this.state.processes;
    const last = list[list.length - 1];
    if (!last || last.pid < p.pid) list.push(p);
    else list.splice(lowerBound(list, p.pid), 0, p);
    this.procs.set(p.pid, p);
    if (p.jid !== 0) this.members.set(p.jid, (this.members.get(p.jid) ?? 0) + 1);
  }

  /** Removes a (zombie) process from the table and the indexes. */
  remove(p: KProc): void {
    const list = this.state.processes;
    const i = lowerBound(list, p.pid);
    if (list[i] === p) list.splice(i, 1);
    this.procs.delete(p.pid);
    this.busy.delete(p.pid);
    this.moveMember(p.jid, 0);
  }

  /** Moves one member count from `from` to `to` (either may be the host). */
  moveMember(from: JailId, to: JailId): void {
    if (from !== 0) {
      const n = (this.members.get(from) ?? 0) - 1;
      if (n > 0) this.members.set(from, n);
      else this.members.delete(from);
    }
    if (to !== 0) this.members.set(to, (this.members.get(to) ?? 0) + 1);
  }

  /** Records that `pid` holds socket `id`. */
  holdSocket(pid: number, id: number): void {
    const set = this.held.get(pid);
    if (set) set.add(id);
    else this.held.set(pid, new Set([id]));
  }

  /** Adjusts the per-uid socket buffer total (`chgsbsize`). */
  addUidSockbuf(uid: number, bytes: number): void {
    this.uidSockbuf.set(uid, (this.uidSockbuf.get(uid) ?? 0) + bytes);
  }
}

function lowerBound(list: readonly SimProcess[], pid: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as SimProcess).pid < pid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
