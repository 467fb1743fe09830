import type { JailId } from '@jails/core/backend';
import type { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT, type SimKernelState } from '../state.js';
import { type HostMemberRef, type HostSimProcess, hostRecords, sameProcess } from './driver-data.js';
import type { HostProcEntry, ProcSource } from './proc-source.js';

/** Environment variable naming the jail id of a member process. */
export const ENV_JID = 'JAILS_JID';
/** Environment variable naming the jail of a member process. */
export const ENV_JAIL_NAME = 'JAILS_JAIL_NAME';
/** Environment variable naming the simulated kernel instance, so orphans can be traced back to it. */
export const ENV_KERNEL = 'JAILS_SIM_KERNEL';

/** What one membership refresh changed. */
export interface MembershipChanges {
  /** Members found dead (or replaced by another process with the same pid) and removed. */
  readonly reaped: HostMemberRef[];
  /** Descendants (or traced orphans) newly recorded as members. */
  readonly adopted: HostMemberRef[];
}

/** A real process to record as a member. */
export interface HostMemberRecord extends HostMemberRef {
  readonly jid: JailId;
  readonly ppid: number;
  readonly argv: readonly string[];
}

/**
 * Records a real process as a member of jail `jid`: `SimKernel.spawn` with the
 * host pid, so the kernel's indexes (EBUSY on destroy, member counts) see it.
 * A stale record holding the same pid (a dead process whose pid was reused)
 * is removed first.
 * @internal
 */
export function recordHostMember(kernel: SimKernel, m: HostMemberRecord): void {
  const stale = kernel.process(m.pid) as HostSimProcess | undefined;
  if (stale?.host) removeHostMember(kernel, stale);
  // host root entering the jail: the simulated credential of every host member (real uids are not modelled)
  kernel.spawn(HOST_ROOT, m.jid, m.argv, {
    pid: m.pid,
    ppid: m.ppid,
    host: { pid: m.pid, startTimeTicks: m.startTimeTicks },
    fds: 0,
  });
}

/** Exits (if live) and reaps a member record, as its parent's wait would. */
function removeHostMember(kernel: SimKernel, rec: HostSimProcess): void {
  if (rec.state === 'live') kernel.exit(rec.pid, { code: null, signal: null });
  // an adopted orphan is reaped by init at exit already
  if (kernel.process(rec.pid)) kernel.reap(rec.pid);
}

/** Options of {@link refreshMembership}. */
export interface RefreshMembershipOptions {
  /** For reading environments when tracing orphans. */
  readonly source: ProcSource;
  /** The kernel instance id members carry in {@link ENV_KERNEL}. */
  readonly instanceId: string;
  /**
   * Also trace orphans started at or after this start time, as if a member
   * started then had died (one died unseen, or exited before it was recorded).
   */
  readonly orphansSinceTicks?: number;
  /** The table holds only known members: reap, but leave descendants and orphans to a full table. @default false */
  readonly partialTable?: boolean;
}

/**
 * Brings the kernel's member records in line with the host: members that no
 * longer exist (or whose pid now belongs to another process) are reaped;
 * descendants of members are recorded as members of the same jail; when a
 * member died, processes it left behind (re-parented to init) are traced by
 * the {@link ENV_KERNEL} / {@link ENV_JID} markers in their environment.
 * @internal
 */
export function refreshMembership(
  kernel: SimKernel,
  table: ReadonlyMap<number, HostProcEntry>,
  options: RefreshMembershipOptions,
): MembershipChanges {
  const state = kernel.state;
  const reaped: HostMemberRef[] = [];
  const adopted: HostMemberRef[] = [];
  let oldestDeadStart = Number.POSITIVE_INFINITY;
  for (const rec of hostRecords(state)) {
    const ref = rec.host!;
    const entry = table.get(ref.pid);
    if (sameProcess(ref, entry)) {
      if (entry!.state === 'Z' && rec.state === 'live') kernel.exit(rec.pid, { code: null, signal: null });
      continue;
    }
    removeHostMember(kernel, rec);
    reaped.push(ref);
    oldestDeadStart = Math.min(oldestDeadStart, ref.startTimeTicks);
  }
  if (options.partialTable) return { reaped, adopted };
  const jailIds = new Set(state.jails.map((j) => j.id));
  const since = Math.min(oldestDeadStart, options.orphansSinceTicks ?? Number.POSITIVE_INFINITY);
  if (options.source.environ && since !== Number.POSITIVE_INFINITY) {
    for (const m of traceOrphans(state, table, options.source, options.instanceId, since)) {
      if (!jailIds.has(m.jid)) continue;
      recordHostMember(kernel, m);
      adopted.push(m);
    }
  }
  for (const m of findDescendants(state, table)) {
    recordHostMember(kernel, m);
    adopted.push(m);
  }
  return { reaped, adopted };
}

function findDescendants(
  state: SimKernelState,
  table: ReadonlyMap<number, HostProcEntry>,
): HostMemberRecord[] {
  const children = new Map<number, HostProcEntry[]>();
  for (const e of table.values()) {
    const list = children.get(e.ppid);
    if (list) list.push(e);
    else children.set(e.ppid, [e]);
  }
  const members = new Set(hostRecords(state).map((r) => r.pid));
  const found: HostMemberRecord[] = [];
  const queue = hostRecords(state).map((r) => ({ pid: r.pid, jid: r.jid }));
  // index walk, not shift(): a wide tree would make shift() quadratic
  for (let i = 0, next = queue[0]; next; i++, next = queue[i]) {
    for (const child of children.get(next.pid) ?? []) {
      if (members.has(child.pid) || child.state === 'Z') continue;
      members.add(child.pid);
      found.push({ ...child, jid: next.jid, argv: [child.comm] });
      queue.push({ pid: child.pid, jid: next.jid });
    }
  }
  return found;
}

function traceOrphans(
  state: SimKernelState,
  table: ReadonlyMap<number, HostProcEntry>,
  source: ProcSource,
  instanceId: string,
  sinceTicks: number,
): HostMemberRecord[] {
  const members = new Set(hostRecords(state).map((r) => r.pid));
  const marker = `${ENV_KERNEL}=${instanceId}`;
  const found: HostMemberRecord[] = [];
  for (const e of table.values()) {
    if (members.has(e.pid) || e.state === 'Z' || e.startTimeTicks < sinceTicks || e.pid === process.pid)
      continue;
    const env = source.environ?.(e.pid);
    if (!env?.includes(marker)) continue;
    const jid = Number(env.find((v) => v.startsWith(`${ENV_JID}=`))?.slice(ENV_JID.length + 1));
    if (Number.isInteger(jid) && jid > 0) found.push({ ...e, jid, argv: [e.comm] });
  }
  return found;
}
