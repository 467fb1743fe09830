/**
 * The process table: spawn (fork + enter + exec from the host), fork, exec,
 * exit, reap, set-id changes (upstream-facts 3.1, 6.2, 6.3).
 */
import { type ErrnoName, errnoError, type JailId } from '@jails/core/backend';
import type { SimCred } from '../state.js';
import { argvArg, jidArg, pidArg, sizeArg, uidArg } from './args.js';
import { cpuLimited, isHostRoot, type KernelCore, type KProc } from './core.js';
import { closeSocketOf } from './sockbuf.js';

/** Options of `SimKernel.spawn`. */
export interface SimSpawnOptions {
  /** Use this pid instead of allocating one (a real host process's pid). EEXIST when taken. */
  readonly pid?: number;
  /** Parent pid. @default 1 (the spawner is not in the simulated table) */
  readonly ppid?: number;
  /** Process group. @default the new pid (its own group, as `setsid`) */
  readonly pgid?: number;
  /** Address-space size of the new image in bytes. @default 0 */
  readonly vmBytes?: number;
  /** Descriptors inherited from the spawner. @default 3 (stdin, stdout, stderr) */
  readonly fds?: number;
  /** A real host process this record mirrors; carried, never interpreted. */
  readonly host?: { readonly pid: number; readonly startTimeTicks: number };
}

function allocatePid(k: KernelCore, wanted: number | undefined): number {
  if (wanted !== undefined) {
    const pid = pidArg(wanted, 'spawn', 'options.pid');
    if (k.procs.has(pid)) {
      throw errnoError('EEXIST', {
        operation: 'spawn',
        field: 'options.pid',
        detail: `options.pid: pid ${pid} is taken`,
      });
    }
    return pid;
  }
  while (k.procs.has(k.state.nextPid)) k.state.nextPid += 1;
  return k.state.nextPid++;
}

/**
 * Host root forks a child that enters jail `jid` (0 = stays on the host) and
 * execs `argv`, as `jailctl exec` does. No admission check (6.2).
 */
export function spawnProcess(
  k: KernelCore,
  cred: SimCred,
  jid: unknown,
  argv: unknown,
  options: SimSpawnOptions = {},
): number {
  const target = jidArg(jid, 'enter', 'id');
  const args = argvArg(argv, 'spawn');
  if (!isHostRoot(cred))
    throw errnoError('EPERM', { operation: 'enter', detail: 'only host root may enter a jail' });
  if (target !== 0 && !k.jails.has(target)) {
    throw errnoError('ENOENT', { operation: 'enter', detail: `jail ${target} does not exist` });
  }
  const vmBytes = sizeArg(options.vmBytes ?? 0, 'spawn', 'options.vmBytes');
  const fds = sizeArg(options.fds ?? 3, 'spawn', 'options.fds');
  const ppid = pidArg(options.ppid ?? 1, 'spawn', 'options.ppid');
  const pid = allocatePid(k, options.pid);
  const p: KProc = {
    pid,
    ppid,
    uid: cred.uid,
    euid: cred.euid,
    jid: target,
    state: 'live',
    argv: args,
    pgid: options.pgid === undefined ? pid : pidArg(options.pgid, 'spawn', 'options.pgid'),
    vmBytes,
    brkBytes: 0,
    fds,
    cpuTicks: 0,
    cpuTicksPerSecond: 0,
    sbsizeLimitBytes: 0,
  };
  if (options.host) p.host = { pid: options.host.pid, startTimeTicks: options.host.startTimeTicks };
  k.insert(p);
  return pid;
}

/**
 * fork(2) by `parent` (upstream-facts 3.2 FORK): host creds always may; a
 * jailed one is refused EAGAIN while its jail is over CPU quota
 * (`throttleCpu`++) or when its live + zombie count has reached `procMax`
 * (`denyProc`++; the count is stored as `procCurrent`).
 * @returns the child's pid, or the errno
 */
export function forkProcess(k: KernelCore, parent: KProc): number | ErrnoName {
  const denied = forkDenied(k, parent);
  if (denied) return denied;
  const pid = allocatePid(k, undefined);
  k.insert({
    pid,
    ppid: parent.pid,
    uid: parent.uid,
    euid: parent.euid,
    jid: parent.jid,
    state: 'live',
    argv: [...parent.argv],
    pgid: parent.pgid,
    vmBytes: parent.vmBytes,
    brkBytes: parent.brkBytes,
    fds: parent.fds,
    cpuTicks: 0,
    cpuTicksPerSecond: 0,
    sbsizeLimitBytes: parent.sbsizeLimitBytes,
  });
  return pid;
}

function forkDenied(k: KernelCore, parent: KProc): ErrnoName | undefined {
  if (parent.jid === 0) return undefined;
  const e = k.jails.get(parent.jid);
  if (!e) return undefined;
  if (e.overQuota && cpuLimited(e)) {
    e.counters.throttleCpu += 1;
    k.emit(() => ({
      type: 'admission-denied',
      resource: 'cpu',
      errno: 'EAGAIN',
      jid: e.id,
      pid: parent.pid,
      atMs: k.clock.now(),
    }));
    return 'EAGAIN';
  }
  if (e.limits.procMax === 0) return undefined;
  const count = k.members.get(e.id) ?? 0;
  e.procCurrent = count;
  if (count >= e.limits.procMax) {
    e.counters.denyProc += 1;
    k.emit(() => ({
      type: 'admission-denied',
      resource: 'proc',
      errno: 'EAGAIN',
      jid: e.id,
      pid: parent.pid,
      atMs: k.clock.now(),
    }));
    return 'EAGAIN';
  }
  // The kernel repeats the over-quota test here; nothing can change in between in a sequential model.
  return undefined;
}

/** execve(2): a new image; credentials (and so the jid), descriptors and sockets are kept. */
export function execProcess(k: KernelCore, p: KProc, argv: unknown, vmBytes: unknown = 0): void {
  p.argv = argvArg(argv, 'exec');
  p.vmBytes = sizeArg(vmBytes, 'exec', 'vmBytes');
  p.brkBytes = 0;
  p.cpuTicksPerSecond = 0;
  k.busy.delete(p.pid);
}

/**
 * A live process exits: its sockets are torn down, its children are adopted
 * by init (which reaps the zombie ones at once), and it stays a zombie until
 * reaped, unless it is itself an adopted orphan, which init reaps at once.
 */
export function exitProcess(
  k: KernelCore,
  p: KProc,
  exit: { code: number | null; signal: string | null },
): void {
  if (p.pid === 1)
    throw errnoError('EINVAL', { operation: 'exit', field: 'pid', detail: 'pid: init cannot exit' });
  for (const id of [...(k.held.get(p.pid) ?? [])]) closeSocketOf(k, p, id);
  k.held.delete(p.pid);
  p.state = 'zombie';
  p.exit = { code: exit.code, signal: exit.signal };
  p.fds = 0;
  p.vmBytes = 0;
  p.brkBytes = 0;
  p.cpuTicksPerSecond = 0;
  k.busy.delete(p.pid);
  for (const child of k.state.processes.filter((c) => c.ppid === p.pid)) {
    if (child.state === 'zombie') k.remove(child);
    else {
      child.ppid = 1;
      child.orphan = true;
    }
  }
  k.emit(() => ({ type: 'process-exited', pid: p.pid, jid: p.jid, exit: { ...exit }, atMs: k.clock.now() }));
  if (p.orphan) k.remove(p);
}

/** Removes the zombie `pid` from the table (its parent waited for it). */
export function reapProcess(k: KernelCore, pid: unknown): void {
  const p = k.procs.get(pidArg(pid, 'wait'));
  if (p?.state !== 'zombie') {
    throw errnoError('ECHILD', {
      operation: 'wait',
      field: 'pid',
      detail: `pid: no zombie process ${String(pid)}`,
    });
  }
  k.remove(p);
}

/** waitpid(pid, WNOHANG) by `parent`: reaps a zombie child; `false` while it runs; ECHILD for a non-child. */
export function waitChild(k: KernelCore, parent: KProc, pid: unknown): boolean | ErrnoName {
  const child = k.procs.get(pidArg(pid, 'wait'));
  if (!child || child.ppid !== parent.pid) return 'ECHILD';
  if (child.state === 'live') return false;
  k.remove(child);
  return true;
}

/** setuid(2): root may take any uid; others only their own real uid. The jid is kept (CRED_COPY). */
export function setUid(p: KProc, uid: unknown): ErrnoName | undefined {
  const to = uidArg(uid, 'setuid');
  if (p.euid !== 0 && to !== p.uid) return 'EPERM';
  p.uid = to;
  p.euid = to;
  return undefined;
}

/** setsid(2): the process leads a new session and process group; EPERM if it already leads a group. */
export function setSid(p: KProc): ErrnoName | undefined {
  if (p.pgid === p.pid) return 'EPERM';
  p.pgid = p.pid;
  return undefined;
}

/** Live and zombie members of jail `jid`, in pid order. */
export function membersOf(k: KernelCore, jid: JailId): KProc[] {
  return k.state.processes.filter((p) => p.jid === jid);
}
