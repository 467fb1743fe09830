import {
  DEFAULT_PROFILE,
  errnoError,
  firstKernelIssue,
  type JailCreateRequest,
  type JailId,
  type JailInfo,
  LIMIT_KEYS,
} from '@jails/core/backend';
import { HOST_ROOT, initialSimState, type SimCred, type SimJailEntry, type SimKernelState } from './state.js';

const U32_MAX = 0xffff_ffff;

const isHostRoot = (cred: SimCred) => cred.euid === 0 && cred.jid === 0;

/**
 * The simulated secmodel_jail kernel. Each method is a "simulated syscall":
 * it answers what the model-B kernel answers (a result, or a `JailError`
 * carrying the errno) and updates the same counters. All state is the plain
 * {@link SimKernelState} in {@link SimKernel.state}.
 */
export class SimKernel {
  /** The kernel's state; plain data. */
  readonly state: SimKernelState;

  constructor(options: { state?: SimKernelState } = {}) {
    this.state = options.state ?? initialSimState();
  }

  /** Write of `security.models.jail.create` (upstream-facts 2.5). */
  create(cred: SimCred, req: JailCreateRequest): JailInfo {
    if (!isHostRoot(cred)) throw errnoError('EPERM', { operation: 'create', detail: 'only host root may create jails' });
    const issue = firstKernelIssue(req);
    if (issue) throw errnoError('EINVAL', { operation: 'create', field: issue.field, detail: `${issue.field}: ${issue.message}` });
    const s = this.state;
    if (s.jails.some((j) => j.name === req.name)) {
      throw errnoError('EEXIST', { operation: 'create', detail: `name already exists: ${req.name}` });
    }
    const taken = req.reservedPorts?.find((p) => s.jails.some((j) => j.ports.includes(p)));
    if (taken !== undefined) {
      throw errnoError('EEXIST', { operation: 'create', detail: `port ${taken} is already reserved by another jail` });
    }
    if (s.nextJailId === 0) throw errnoError('EOVERFLOW', { operation: 'create', detail: 'jail id counter wrapped' });
    const id = s.nextJailId;
    s.nextJailId = id >= U32_MAX ? 0 : id + 1;
    const limits = Object.fromEntries(LIMIT_KEYS.map((k) => [k, req.limits?.[k] ?? 0])) as unknown as SimJailEntry['limits'];
    const entry: SimJailEntry = {
      id,
      name: req.name,
      root: req.root,
      profile: req.profile ?? DEFAULT_PROFILE,
      ports: [...(req.reservedPorts ?? [])],
      limits,
      procCurrent: 0,
      refcount: 0,
      fdCurrent: 0,
      sockbufCurrent: 0,
      memoryCurrent: 0,
      cpuUsage: 0,
      cpuUsedWindow: 0,
      cpuWindowStartS: null,
      overQuota: false,
      counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
    };
    s.jails.unshift(entry);
    if (limits.cpuQuotaTicks !== 0 && limits.cpuPeriodMicros !== 0) s.cpuLimitsActive += 1;
    return toJailInfo(entry);
  }

  /** Write of `security.models.jail.destroy`: EBUSY is checked before existence. */
  destroy(cred: SimCred, id: JailId): void {
    if (!isHostRoot(cred)) throw errnoError('EPERM', { operation: 'destroy', detail: 'only host root may destroy jails' });
    if (!Number.isInteger(id) || id < 0 || id > U32_MAX) {
      throw errnoError('EINVAL', { operation: 'destroy', field: 'id', detail: `id: not a jail id: ${id}` });
    }
    if (id === 0) throw errnoError('EINVAL', { operation: 'destroy', field: 'id', detail: 'id: jail 0 is the host' });
    const s = this.state;
    if (s.processes.some((p) => p.jid === id)) {
      throw errnoError('EBUSY', { operation: `destroy jail ${id}`, detail: 'Device busy' });
    }
    const index = s.jails.findIndex((j) => j.id === id);
    const entry = s.jails[index];
    if (!entry) throw errnoError('ENOENT', { operation: `destroy jail ${id}`, detail: 'No such file or directory' });
    s.jails.splice(index, 1);
    if (entry.limits.cpuQuotaTicks !== 0 && entry.limits.cpuPeriodMicros !== 0) s.cpuLimitsActive -= 1;
  }

  /** Read of `security.models.jail.list`: every jail, newest first. */
  list(cred: SimCred = HOST_ROOT): JailInfo[] {
    if (!isHostRoot(cred)) throw errnoError('EPERM', { operation: 'list', detail: 'only host root may list jails' });
    return this.state.jails.map(toJailInfo);
  }

  /**
   * Host root forks a child that enters jail `id` and execs `argv` (what
   * `jailctl exec` does). Entry does no admission check (upstream-facts 6.2).
   * @returns the new process's pid
   */
  spawn(cred: SimCred, id: JailId, argv: readonly string[]): number {
    if (!isHostRoot(cred)) throw errnoError('EPERM', { operation: 'enter', detail: 'only host root may enter a jail' });
    if (!this.jail(id)) throw errnoError('ENOENT', { operation: 'enter', detail: `jail ${id} does not exist` });
    const pid = this.state.nextPid++;
    this.state.processes.push({ pid, ppid: 1, uid: cred.uid, euid: cred.euid, jid: id, state: 'live', argv: [...argv] });
    return pid;
  }

  /** A live process exits and becomes a zombie until reaped. */
  exit(pid: number, status: { code: number | null; signal: string | null }): void {
    const proc = this.state.processes.find((p) => p.pid === pid);
    if (!proc || proc.state !== 'live') throw errnoError('ESRCH', { operation: 'exit', detail: `no live process ${pid}` });
    proc.state = 'zombie';
    proc.exit = status;
  }

  /** The parent reaps a zombie, removing it from the process table. */
  reap(pid: number): void {
    const index = this.state.processes.findIndex((p) => p.pid === pid && p.state === 'zombie');
    if (index < 0) throw errnoError('ECHILD', { operation: 'wait', detail: `no zombie process ${pid}` });
    this.state.processes.splice(index, 1);
  }

  /** The jail entry with this id, if it exists. */
  jail(id: JailId): SimJailEntry | undefined {
    return this.state.jails.find((j) => j.id === id);
  }

  /** Sets the next jail id (0 = wrapped), to test the EOVERFLOW path. */
  setNextJailId(next: number): void {
    this.state.nextJailId = next;
  }
}

/** The `struct jail_info` view of an entry. */
export function toJailInfo(e: SimJailEntry): JailInfo {
  return {
    id: e.id,
    name: e.name,
    root: e.root,
    refcount: e.refcount,
    limits: { ...e.limits },
    usage: {
      procs: e.procCurrent,
      fds: e.fdCurrent,
      sockbufBytes: e.sockbufCurrent,
      memoryBytes: e.memoryCurrent,
      cpuTicks: e.cpuUsage,
    },
    counters: { ...e.counters },
  };
}
