import type { JailId } from './jail-spec.js';

/** Configured ceilings as the kernel reports them: 0 = unlimited. */
export interface JailLimitsInfo {
  readonly cpuQuotaTicks: number;
  readonly cpuPeriodMicros: number;
  readonly memoryMaxBytes: number;
  readonly procMax: number;
  readonly fdMax: number;
  readonly sockbufMaxBytes: number;
}

/**
 * Current usage as last sampled by the kernel (upstream-facts 4).
 * `memoryBytes` and `fds` are the last value seen from any member process
 * (per-process semantics); `sockbufBytes` is the jail-wide sum; `cpuTicks`
 * is the summed lifetime ticks of the **currently live** members, so it can
 * drop when a member exits.
 */
export interface JailUsage {
  readonly procs: number;
  readonly fds: number;
  readonly sockbufBytes: number;
  readonly memoryBytes: number;
  readonly cpuTicks: number;
}

/** Monotonic per-jail counters of denied admissions and CPU throttling. */
export interface JailCounters {
  readonly denyProc: number;
  readonly denyFd: number;
  readonly denySockbuf: number;
  readonly denyMemory: number;
  readonly throttleCpu: number;
}

/**
 * One jail as the kernel's `security.models.jail.list` returns it
 * (`struct jail_info`). The kernel does not export profile or reserved ports.
 */
export interface JailInfo {
  readonly id: JailId;
  readonly name: string;
  readonly root: string;
  /** Member processes at the last 1 Hz sample (`ji_refcount`). */
  readonly refcount: number;
  readonly limits: JailLimitsInfo;
  readonly usage: JailUsage;
  readonly counters: JailCounters;
}
