import type { JailId } from '@jails/core/backend';
import type { SimKernelState, SimProcess } from '../state.js';
import type { SimStateDocument } from '../store/state-file.js';

/** A real process's identity: pid plus start time, so a reused pid never matches. */
export interface HostMemberRef {
  readonly pid: number;
  readonly startTimeTicks: number;
}

/** A kernel process record that mirrors a real host process. */
export type HostSimProcess = SimProcess & { host?: HostMemberRef };

/** What the host driver keeps per jail, beside the kernel's own entry. */
export interface HostJailData {
  /** Clock time of the last sample that did CPU accounting for the jail. */
  lastSampleMs?: number;
  /** Members a sampler stopped (SIGSTOP) because the jail is over its CPU quota. */
  stopped: HostMemberRef[];
}

/** The host driver's part of the state file (`driver.host`). */
export interface HostDriverData {
  jails: Record<string, HostJailData>;
}

/**
 * The host driver's data in `doc`. When absent, an empty detached value is
 * returned and the document is left unchanged (so a quiet refresh writes nothing).
 * @internal
 */
export function hostData(doc: SimStateDocument): HostDriverData {
  const raw = doc.driver.host as Partial<HostDriverData> | undefined;
  if (raw?.jails && typeof raw.jails === 'object') return raw as HostDriverData;
  return { jails: {} };
}

/** The host driver's data for jail `id`, created (and attached to `doc`) when absent. @internal */
export function hostJailData(doc: SimStateDocument, id: JailId): HostJailData {
  const data = hostData(doc);
  doc.driver.host = data;
  const entry = data.jails[id];
  if (entry && Array.isArray(entry.stopped)) return entry;
  const fresh: HostJailData = { stopped: [] };
  data.jails[id] = fresh;
  return fresh;
}

/** The process records of `state` that mirror host processes. @internal */
export function hostRecords(state: SimKernelState): HostSimProcess[] {
  return (state.processes as HostSimProcess[]).filter((p) => p.host !== undefined);
}

/** True when `ref` names the process `entry` (same pid and start time). @internal */
export const sameProcess = (
  ref: HostMemberRef,
  entry: { pid: number; startTimeTicks: number } | undefined,
): boolean => entry !== undefined && entry.pid === ref.pid && entry.startTimeTicks === ref.startTimeTicks;
