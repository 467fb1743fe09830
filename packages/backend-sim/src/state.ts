import type { JailCounters, JailId, JailLimitsInfo, Profile } from '@jails/core/backend';

/** A credential as secmodel_jail sees it: real and effective uid, and jail id. */
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

/**
 * A simulated process. The fields after `exit` are optional so that older
 * states load; the kernel fills in their defaults when it indexes a state.
 */
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
  /** Process group id. @default the pid */
  pgid?: number;
  /** Address-space size (`vm_map` size) in bytes, what memory admission sees. @default 0 */
  vmBytes?: number;
  /** Data segment (break) size in bytes, part of `vmBytes`. @default 0 */
  brkBytes?: number;
  /** Open descriptors in the process's table, what fd admission sees. @default 0 */
  fds?: number;
  /** Cumulative user + system + interrupt statclock ticks. @default 0 */
  cpuTicks?: number;
  /** CPU demand of a busy process: ticks it runs per second when allowed. @default 0 (idle) */
  cpuTicksPerSecond?: number;
  /** `RLIMIT_SBSIZE` soft limit in bytes; 0 = infinity. @default 0 */
  sbsizeLimitBytes?: number;
  /** Set when the parent exited and init adopted the process: init reaps it at exit. */
  orphan?: boolean;
  /** The real host process this record mirrors (host driver); the kernel carries it and ignores it. */
  host?: { pid: number; startTimeTicks: number };
}

/**
 * An open socket. It is charged to the jail of the credential that created
 * it (`jid`) and to that credential's `uid` for `RLIMIT_SBSIZE`, whoever
 * holds it later.
 */
export interface SimSocket {
  id: number;
  jid: JailId;
  uid: number;
  /** The process whose descriptor table holds the socket. */
  holderPid: number;
  /** Send and receive buffer reservations (high-water marks) in bytes. */
  sendBytes: number;
  receiveBytes: number;
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
  /** Open sockets, by id. @default [] */
  sockets?: SimSocket[];
  /** Next socket id. @default 1 */
  nextSocketId?: number;
  /** Clock time (ms) at which the 1 Hz callout next runs. @default one second after the kernel starts */
  calloutNextMs?: number;
  /** State of the seeded random generator (`SimKernel.random()`). @default the seed */
  rngState?: number;
}

/** A fresh kernel: no jails, ids from 1, only init (pid 1) in the process table. */
export function initialSimState(): SimKernelState {
  return {
    version: 1,
    nextJailId: 1,
    cpuLimitsActive: 0,
    jails: [],
    processes: [
      {
        pid: 1,
        ppid: 0,
        uid: 0,
        euid: 0,
        jid: 0,
        state: 'live',
        argv: ['init'],
        pgid: 1,
        vmBytes: 0,
        brkBytes: 0,
        fds: 3,
        cpuTicks: 0,
        cpuTicksPerSecond: 0,
        sbsizeLimitBytes: 0,
      },
    ],
    nextPid: 100,
    sockets: [],
    nextSocketId: 1,
  };
}
