import type { JailId } from '@jails/core/backend';
import type { SimJailEntry } from '../state.js';
import type { HostJailData } from './driver-data.js';

/** What was read from the OS for one member at one sample. */
export interface MemberSample {
  readonly pid: number;
  readonly jid: JailId;
  /** False for a zombie: counted as a process, but no ticks, size or descriptors. */
  readonly live: boolean;
  /** User + system clock ticks over the process's lifetime. */
  readonly cpuTicks: number;
  readonly vsizeBytes: number;
  /** Open descriptors; undefined when the OS could not tell (process gone, ps source). */
  readonly fds: number | undefined;
}

/**
 * True when a jail has no members and nothing left to account: a sample would
 * change nothing but the time stamp.
 * @internal
 */
export function isQuietJail(entry: SimJailEntry, members: readonly MemberSample[]): boolean {
  return members.length === 0 && entry.cpuUsage === 0 && entry.cpuUsedWindow === 0 && !entry.overQuota;
}

/**
 * Sampling gaps longer than this many CPU periods are not charged to the
 * window: the ticks could have been spent in any earlier window.
 */
const MAX_GAP_PERIODS = 1.5;

/**
 * Applies one sample of a jail's members to its kernel entry, in the kernel's
 * sense (upstream-facts 4):
 * - `procCurrent` and `refcount` = number of members, zombies included;
 * - `memoryCurrent` / `fdCurrent` = the **largest** virtual size / descriptor
 *   count among live members. The kernel keeps the value of whichever process
 *   last hit an admission hook; a sampler cannot see hooks, so it reports the
 *   member closest to the per-process ceiling. Kept as last seen when the jail
 *   has no live members;
 * - `cpuUsage` = summed lifetime ticks of the live members (it drops when one exits);
 * - the CPU window (4.5): `delta = max(0, total − previous cpuUsage)`, window of
 *   `ceil(period / 1 s)` seconds, `throttleCpu` + 1 on each false → true
 *   transition of `overQuota`. A delta after a sampling gap longer than
 *   1.5 periods is not charged (no sampler was running to place it in time).
 * @returns true when the jail went over quota at this sample
 * @internal
 */
export function applyJailSample(
  entry: SimJailEntry,
  data: Pick<HostJailData, 'lastSampleMs'>,
  members: readonly MemberSample[],
  nowMs: number,
): boolean {
  const live = members.filter((m) => m.live);
  if (isQuietJail(entry, members)) {
    // nothing ran since the last sample: leave the window (and the file) alone
    entry.procCurrent = 0;
    entry.refcount = 0;
    return false;
  }
  entry.procCurrent = members.length;
  entry.refcount = members.length;
  if (live.length > 0) entry.memoryCurrent = Math.max(...live.map((m) => m.vsizeBytes));
  const fds = live.flatMap((m) => (m.fds === undefined ? [] : [m.fds]));
  if (fds.length > 0) entry.fdCurrent = Math.max(...fds);
  const total = live.reduce((sum, m) => sum + m.cpuTicks, 0);
  const delta = Math.max(0, total - entry.cpuUsage);
  entry.cpuUsage = total;

  const { cpuQuotaTicks: quota, cpuPeriodMicros: period } = entry.limits;
  if (quota === 0 || period === 0) return false;
  const lastMs = data.lastSampleMs;
  data.lastSampleMs = nowMs;
  const periodS = Math.max(1, Math.ceil(period / 1_000_000));
  const nowS = Math.floor(nowMs / 1000);
  if (entry.cpuWindowStartS === null || nowS - entry.cpuWindowStartS >= periodS) {
    entry.cpuWindowStartS = nowS;
    entry.cpuUsedWindow = 0;
    entry.overQuota = false;
  }
  const gapped = lastMs === undefined || nowMs - lastMs > periodS * 1000 * MAX_GAP_PERIODS;
  if (!gapped) entry.cpuUsedWindow += delta;
  if (entry.cpuUsedWindow >= quota && !entry.overQuota) {
    entry.overQuota = true;
    entry.counters.throttleCpu += 1;
    return true;
  }
  return false;
}
