import type { JailId } from '@jails/core/backend';
import { SimKernel } from '../sim-kernel.js';
import type { SimStateDocument } from '../store/state-file.js';
import { applyJailSample, isQuietJail, type MemberSample } from './accounting.js';
import { type HostMemberRef, hostData, hostJailData, hostRecords, sameProcess } from './driver-data.js';
import { releaseThrottled, type SignalSender } from './enforce.js';
import { type MembershipChanges, refreshMembership } from './membership.js';
import type { HostProcEntry, ProcSource } from './proc-source.js';

/** Options of {@link refreshHostState}. */
export interface RefreshOptions {
  readonly source: ProcSource;
  /** Clock time of this sample, in ms. */
  readonly nowMs: number;
  /** Delivers SIGCONT to members whose jail's CPU window rolled over; a no-op for a dry run. */
  readonly send: SignalSender;
  /** The kernel to use over `doc.kernel`, when the caller already built one. @default a new SimKernel */
  readonly kernel?: SimKernel;
  /** Also trace orphans started at or after this start time (see {@link RefreshMembershipOptions}). */
  readonly orphansSinceTicks?: number;
  /**
   * `full` reads the whole process table (finds new descendants and traces
   * orphans of dead members); `members` reads only known members, falling
   * back to `full` when one is gone; `members-only` never falls back — the
   * caller traces the dead members' orphans at its next full scan
   * (`orphansSinceTicks`).
   * @default 'full'
   */
  readonly scan?: 'full' | 'members' | 'members-only';
  /** Count members' descriptors (the costliest read); skipped, `fdCurrent` keeps its last value. @default true */
  readonly sampleFds?: boolean;
}

/** What a refresh saw and did. */
export interface RefreshResult {
  /** The kernel over `doc.kernel` the refresh used; keep using it (its indexes are current). */
  readonly kernel: SimKernel;
  /** The host process table it read (empty when no jail had members). */
  readonly table: ReadonlyMap<number, HostProcEntry>;
  readonly membership: MembershipChanges;
  /** Per jail, the members sampled. */
  readonly samples: ReadonlyMap<JailId, readonly MemberSample[]>;
  /** Jails that went over their CPU quota at this sample. */
  readonly wentOverQuota: readonly JailId[];
  /** Members continued because their jail's window rolled over. */
  readonly continued: readonly HostMemberRef[];
  /**
   * True when there was provably nothing to do (no member, no driver data,
   * every jail idle): the state is unchanged and need not be compared.
   */
  readonly idle: boolean;
}

type Table = ReadonlyMap<number, HostProcEntry>;
const EMPTY_TABLE: Table = new Map();

function readTable(doc: SimStateDocument, options: RefreshOptions): { table: Table; partial: boolean } {
  const { source, scan = 'full' } = options;
  if (scan === 'full' || !source.members || options.orphansSinceTicks !== undefined) {
    return { table: source.snapshot(), partial: false };
  }
  const records = hostRecords(doc.kernel);
  const table = source.members(records.map((r) => r.pid));
  if (scan === 'members-only') return { table, partial: true };
  // a member is gone: a full scan finds what it left behind
  const intact = records.every((r) => sameProcess(r.host!, table.get(r.pid)));
  return intact ? { table, partial: true } : { table: source.snapshot(), partial: false };
}

/**
 * One sample of the host, applied to the kernel state in `doc`: reap dead
 * members and record descendants, read each member's ticks, size and
 * descriptors, update every jail's usage and CPU window, and continue members
 * stopped for a window that has rolled over. With no member anywhere it reads
 * nothing from the OS.
 * @internal
 */
export function refreshHostState(doc: SimStateDocument, options: RefreshOptions): RefreshResult {
  const { source, nowMs } = options;
  const needsTable =
    options.orphansSinceTicks !== undefined ||
    hostRecords(doc.kernel).length > 0 ||
    Object.values(hostData(doc).jails).some((j) => j.stopped.length > 0);
  const idle =
    !needsTable &&
    Object.keys(hostData(doc).jails).length === 0 &&
    doc.kernel.jails.every((e) => isQuietJail(e, []) && e.procCurrent === 0 && e.refcount === 0);
  const { table, partial } = needsTable ? readTable(doc, options) : { table: EMPTY_TABLE, partial: false };
  // the default (fake, stopped) clock keeps the kernel's own callout dormant: the sample below is the callout here
  const kernel = options.kernel ?? new SimKernel({ state: doc.kernel });
  const membership = needsTable
    ? refreshMembership(kernel, table, {
        source,
        instanceId: doc.instanceId,
        orphansSinceTicks: options.orphansSinceTicks,
        partialTable: partial,
      })
    : { reaped: [], adopted: [] };

  const samples = new Map<JailId, MemberSample[]>();
  for (const rec of hostRecords(doc.kernel)) {
    const proc = table.get(rec.pid);
    if (!proc) continue;
    const live = proc.state !== 'Z';
    const sample: MemberSample = {
      pid: rec.pid,
      jid: rec.jid,
      live,
      cpuTicks: live ? proc.cpuTicks : 0,
      vsizeBytes: live ? proc.vsizeBytes : 0,
      // a member that exits between the table read and this read is still counted from its stat
      fds: live && options.sampleFds !== false ? source.fdCount(rec.pid) : undefined,
    };
    if (live) {
      // the record mirrors the process, as the kernel's own would
      rec.cpuTicks = sample.cpuTicks;
      rec.vmBytes = sample.vsizeBytes;
      if (sample.fds !== undefined) rec.fds = sample.fds;
    }
    const list = samples.get(rec.jid);
    if (list) list.push(sample);
    else samples.set(rec.jid, [sample]);
  }

  const wentOverQuota: JailId[] = [];
  for (const entry of doc.kernel.jails) {
    const members = samples.get(entry.id) ?? [];
    const limited = entry.limits.cpuQuotaTicks !== 0 && entry.limits.cpuPeriodMicros !== 0;
    // only active CPU-limited jails keep driver data, so refreshing quiet jails changes nothing on disk
    const jailData = limited && !isQuietJail(entry, members) ? hostJailData(doc, entry.id) : {};
    if (applyJailSample(entry, jailData, members, nowMs)) wentOverQuota.push(entry.id);
  }
  const continued = releaseThrottled(doc, table, options.send);
  return { kernel, table, membership, samples, wentOverQuota, continued, idle };
}
