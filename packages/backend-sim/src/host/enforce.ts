import type { JailId } from '@jails/core/backend';
import type { SimStateDocument } from '../store/state-file.js';
import { type HostMemberRef, hostData, hostJailData, hostRecords, sameProcess } from './driver-data.js';
import type { HostProcEntry } from './proc-source.js';

/** Delivers a signal to a host pid; returns whether it was delivered. */
export type SignalSender = (pid: number, signal: NodeJS.Signals) => boolean;

/** The real `kill(2)`. */
export const sendSignal: SignalSender = (pid, signal) => {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
};

/**
 * Continues (SIGCONT) the members a sampler stopped, for every jail that is no
 * longer over quota or no longer exists, and forgets them. Always safe, so
 * every refresh does it, whichever process runs it.
 * @returns the members continued
 * @internal
 */
export function releaseThrottled(
  doc: SimStateDocument,
  table: ReadonlyMap<number, HostProcEntry>,
  send: SignalSender,
): HostMemberRef[] {
  const data = hostData(doc);
  const continued: HostMemberRef[] = [];
  for (const [key, jail] of Object.entries(data.jails)) {
    const entry = doc.kernel.jails.find((j) => j.id === Number(key));
    if (entry?.overQuota) continue;
    for (const ref of jail.stopped) {
      if (sameProcess(ref, table.get(ref.pid)) && send(ref.pid, 'SIGCONT')) continued.push(ref);
    }
    if (entry) jail.stopped = [];
    else delete data.jails[key];
  }
  return continued;
}

/**
 * Stops (SIGSTOP) every live member of each over-quota jail that `inScope`
 * accepts, and records them so that any later refresh continues them when the
 * window rolls over. Members already stopped are signalled again (a user may
 * have continued them by hand).
 * @returns the members stopped
 * @internal
 */
export function stopOverQuota(
  doc: SimStateDocument,
  table: ReadonlyMap<number, HostProcEntry>,
  inScope: (id: JailId) => boolean,
  send: SignalSender,
): HostMemberRef[] {
  const stopped: HostMemberRef[] = [];
  const records = hostRecords(doc.kernel);
  for (const entry of doc.kernel.jails) {
    if (!entry.overQuota || !inScope(entry.id)) continue;
    const jail = hostJailData(doc, entry.id);
    for (const rec of records) {
      const ref = rec.host!;
      const proc = table.get(ref.pid);
      if (rec.jid !== entry.id || !sameProcess(ref, proc) || proc?.state === 'Z') continue;
      if (!send(ref.pid, 'SIGSTOP')) continue;
      stopped.push(ref);
      if (!jail.stopped.some((s) => sameProcess(s, ref))) jail.stopped.push({ ...ref });
    }
  }
  return stopped;
}

/**
 * Continues every member stopped in the jails `inScope` accepts, over quota
 * or not: a sampler that stops enforcing must not leave processes stopped
 * with nobody to continue them.
 * @returns the members continued
 * @internal
 */
export function releaseAll(
  doc: SimStateDocument,
  table: ReadonlyMap<number, HostProcEntry>,
  inScope: (id: JailId) => boolean,
  send: SignalSender,
): HostMemberRef[] {
  const data = hostData(doc);
  const continued: HostMemberRef[] = [];
  for (const [key, jail] of Object.entries(data.jails)) {
    if (!inScope(Number(key))) continue;
    for (const ref of jail.stopped) {
      if (sameProcess(ref, table.get(ref.pid)) && send(ref.pid, 'SIGCONT')) continued.push(ref);
    }
    jail.stopped = [];
  }
  return continued;
}
