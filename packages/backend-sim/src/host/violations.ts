import type { JailId } from '@jails/core/backend';
import type { SimKernelState } from '../state.js';
import { hostRecords } from './driver-data.js';
import type { ListeningSocket, ProcSource } from './proc-source.js';

/**
 * Something a jail did that the NetBSD kernel would have refused, observed
 * after the fact on a host that cannot prevent it.
 * - `reserved-port`: a member has a socket bound to a port another jail
 *   reserved (the kernel answers such a bind with EACCES, upstream-facts 5).
 * - `proc-max`: the jail has more processes than `procMax` (the kernel fails
 *   the fork with EAGAIN, upstream-facts 4.1).
 */
export type HostViolation =
  | {
      readonly kind: 'reserved-port';
      readonly jailId: JailId;
      readonly pid: number;
      readonly port: number;
      readonly protocol: ListeningSocket['protocol'];
      /** The jail that reserved the port. */
      readonly reservedBy: JailId;
    }
  | { readonly kind: 'proc-max'; readonly jailId: JailId; readonly procs: number; readonly procMax: number };

/**
 * Lists current violations of process ceilings and port reservations by the
 * jails' members. Port checks need a source that lists sockets (procfs); with
 * no reserved port anywhere they read nothing. Call on a refreshed state.
 * @internal
 */
export function findViolations(state: SimKernelState, source: ProcSource): HostViolation[] {
  const found: HostViolation[] = [];
  for (const j of state.jails) {
    if (j.limits.procMax > 0 && j.procCurrent > j.limits.procMax) {
      found.push({ kind: 'proc-max', jailId: j.id, procs: j.procCurrent, procMax: j.limits.procMax });
    }
  }
  const reservedBy = new Map<number, JailId>();
  for (const j of state.jails) for (const port of j.ports) reservedBy.set(port, j.id);
  if (reservedBy.size === 0 || !source.listeningSockets || !source.socketInodes) return found;
  const bound = source.listeningSockets().filter((s) => reservedBy.has(s.port));
  if (bound.length === 0) return found;
  for (const rec of hostRecords(state)) {
    if (rec.state !== 'live') continue;
    const inodes = source.socketInodes(rec.pid);
    if (!inodes) continue;
    for (const s of bound) {
      const owner = reservedBy.get(s.port)!;
      if (owner !== rec.jid && inodes.has(s.inode)) {
        found.push({
          kind: 'reserved-port',
          jailId: rec.jid,
          pid: rec.pid,
          port: s.port,
          protocol: s.protocol,
          reservedBy: owner,
        });
      }
    }
  }
  return found;
}
