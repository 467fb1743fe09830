import type { JailId } from '@jails/core/backend';
import { SimKernel } from '../sim-kernel.js';
import type { SimStateDocument } from '../store/state-file.js';
import { applyJailSample, isQuietJail, type MemberSample } from './accounting.js';
import { type HostMemberRef, hostData, hostJailData, hostRecords } from './driver-data.js';
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
  /** Trace orphans by environment even if no member died. @default false */
  readonly traceOrphans?: boolean;
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
}

const EMPTY_TABLE: ReadonlyMap<number, HostProcEntry> = new Map();

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
    options.traceOrphans ||
    hostRecords(doc.kernel).length > 0 ||
    Object.values(hostData(doc).jails).some((j) => j.stopped.length > 0);
  const table = needsTable ? source.snapshot() : EMPTY_TABLE;
  // the default (fake, stopped) clock keeps the kernel's own callout dormant: the sample below is the callout here
  const kernel = options.kernel ?? new SimKernel({ state: doc.kernel });
  const membership = needsTable
    ? refreshMembership(kernel, table, {
        source,
        instanceId: doc.instanceId,
        traceOrphans: options.traceOrphans ?? false,
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
      fds: live ? source.fdCount(rec.pid) : undefined,
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
  return { kernel, table, membership, samples, wentOverQuota, continued };
}
