import type { JailCounters, JailId, JailLimitsInfo, Profile } from '@jails/core/backend';

/** A credential as secmodel_jail sees it: effective uid and jail id. */
export interface SimCred {
  readonly uid: number;
  readonly euid: number;
  readonly jid: JailId;
}

/** The host's root credential (euid 0, jid 0): the only one allowed to manage jails. */
export const HOST_ROOT: SimCred = Object.freeze({ uid: 0, euid: 0, jid: 0 });

/** A jail entry of the simulated kernel: everything upstream-facts 4.6 lists. */
export interface SimJailEntry {
  id: JailId;
  name: string;
  root: string;
  profile: Profile;
  ports: number[];
  limits: JailLimitsInfo;
  /** Last sampled usage (`ji_*_current`, `ji_cpu_usage`, `ji_refcount`). */
  procCurrent: number;
  refcount: number;
  fdCurrent: number;
  sockbufCurrent: number;
  memoryCurrent: number;
  cpuUsage: number;
  /** CPU window state of the 1 Hz callout. */
  cpuUsedWindow: number;
  cpuWindowStartS: number | null;
  overQuota: boolean;
  counters: { -readonly [K in keyof JailCounters]: number };
}

/** A simulated process. */
export interface SimProcess {
  pid: number;
  ppid: number;
  uid: number;
  euid: number;
  jid: JailId;
  state: 'live' | 'zombie';
  argv: string[];
  /** Exit status once a zombie. */
  exit?: { code: number | null; signal: string | null };
}

/** The whole simulated kernel state: plain data, so it can be persisted and replayed. */
export interface SimKernelState {
  /** State format version. */
  version: 1;
  /** Next jail id to hand out; 0 once the counter wrapped (EOVERFLOW from then on). */
  nextJailId: number;
  /** Number of jails with both CPU quota and period set. */
  cpuLimitsActive: number;
  /** Jails, newest first (list order). */
  jails: SimJailEntry[];
  /** Process table (live and zombie), by pid. */
  processes: SimProcess[];
  nextPid: number;
}

/** A fresh kernel: no jails, ids from 1, only init (pid 1) in the process table. */
export function initialSimState(): SimKernelState {
  return {
    version: 1,
    nextJailId: 1,
    cpuLimitsActive: 0,
    jails: [],
    processes: [{ pid: 1, ppid: 0, uid: 0, euid: 0, jid: 0, state: 'live', argv: ['init'] }],
    nextPid: 100,
  };
}
