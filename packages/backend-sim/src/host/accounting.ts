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
 * An idle jail's sample time is stored at most this often, so that samples
 * of idle members change nothing on disk.
 */
const HEARTBEAT_MS = 5000;

/**
 * Applies one sample of a jail's members to its kernel entry, in the kernel's
 * sense (upstream-facts 4):
 * - `procCurrent` and `refcount` = number of members, zombies included;
 * - `memoryCurrent` / `fdCurrent` = the **largest** virtual size / descriptor
 *   count among live members. The kernel keeps the value of whichever process
 *   last hit an admission hook; a sampler cannot see hooks, so it reports the
 *   member closest to the per-process ceiling. Kept as last seen when the jail
 *   has no live members (or descriptors were not read this time);
 * - `cpuUsage` = summed lifetime ticks of the live members (it drops when one exits);
 * - the CPU window: see {@link accountCpuWindow}.
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
  entry.procCurrent = members.length;
  entry.refcount = members.length;
  // nothing ran since the last sample: leave the window (and the file) alone
  if (isQuietJail(entry, members)) return false;
  if (live.length > 0) entry.memoryCurrent = Math.max(...live.map((m) => m.vsizeBytes));
  const fds = live.flatMap((m) => (m.fds === undefined ? [] : [m.fds]));
  if (fds.length > 0) entry.fdCurrent = Math.max(...fds);
  const total = live.reduce((sum, m) => sum + m.cpuTicks, 0);
  const delta = Math.max(0, total - entry.cpuUsage);
  entry.cpuUsage = total;
  return accountCpuWindow(entry, data, delta, nowMs);
}

/**
 * The CPU window of upstream-facts 4.5 for a sample that found `delta` new
 * ticks: windows of `ceil(period / 1 s)` seconds on the grid of the first
 * window's start; `throttleCpu` + 1 on each false → true transition of
 * `overQuota`, which lasts until the window rolls over. Two departures, both
 * because a sampler is not a 1 Hz callout: an idle window is rolled over
 * lazily (same result, no write), and ticks found after a sampling gap longer
 * than 1.5 periods (and the heartbeat) are not charged — no sampler was
 * running to place them in time.
 * @returns true when the jail went over quota at this sample
 * @internal
 */
export function accountCpuWindow(
  entry: SimJailEntry,
  data: Pick<HostJailData, 'lastSampleMs'>,
  delta: number,
  nowMs: number,
): boolean {
  const { cpuQuotaTicks: quota, cpuPeriodMicros: period } = entry.limits;
  if (quota === 0 || period === 0) return false;
  const periodS = Math.max(1, Math.ceil(period / 1_000_000));
  const nowS = Math.floor(nowMs / 1000);
  const lastMs = data.lastSampleMs;
  const start = entry.cpuWindowStartS;
  const idle = delta === 0 && entry.cpuUsedWindow === 0 && !entry.overQuota;
  if (!idle && (start === null || nowS - start >= periodS)) {
    entry.cpuWindowStartS = start === null ? nowS : start + Math.floor((nowS - start) / periodS) * periodS;
    entry.cpuUsedWindow = 0;
    entry.overQuota = false;
  }
  const gapLimitMs = Math.max(periodS * 1500, HEARTBEAT_MS + 1500);
  if (lastMs !== undefined && nowMs - lastMs <= gapLimitMs) entry.cpuUsedWindow += delta;
  if (delta > 0 || lastMs === undefined || nowMs - lastMs >= HEARTBEAT_MS) data.lastSampleMs = nowMs;
  if (entry.cpuUsedWindow < quota || entry.overQuota) return false;
  entry.overQuota = true;
  entry.counters.throttleCpu += 1;
  return true;
}
