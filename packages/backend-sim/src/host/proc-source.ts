import { existsSync } from 'node:fs';
import { createProcfsSource, type ProcfsSourceOptions } from './procfs-source.js';
import { createPsSource } from './ps-source.js';

/** One host process as the OS reports it. */
export interface HostProcEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Short command name (`comm`). */
  readonly comm: string;
  /** One-letter state as ps shows it: `R`, `S`, `T` (stopped), `Z` (zombie), … */
  readonly state: string;
  /**
   * When the process started, in clock ticks: with pid, its identity (a reused
   * pid has another start time). procfs: ticks since boot (`stat` field 22);
   * ps: start time in seconds since the epoch × 100.
   */
  readonly startTimeTicks: number;
  /** User + system CPU time in clock ticks (100 per second). */
  readonly cpuTicks: number;
  /** Virtual (address-space) size in bytes. */
  readonly vsizeBytes: number;
}

/** A socket bound to a local port, as the OS lists it. */
export interface ListeningSocket {
  readonly protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  readonly port: number;
  /** Socket inode, to find the process holding it. */
  readonly inode: number;
}

/**
 * Where the host driver learns about real processes. The procfs source
 * (Linux) offers everything; the ps source (macOS, BSDs) offers the process
 * table only, so descriptor counts, orphan adoption and port checks are
 * unavailable there.
 */
export interface ProcSource {
  /** `procfs` or `ps`. */
  readonly name: string;
  /** Every process on the host, by pid. */
  snapshot(): Map<number, HostProcEntry>;
  /** One process, or undefined when it does not exist (any more). */
  process(pid: number): HostProcEntry | undefined;
  /**
   * Just these processes (those that no longer exist are left out): cheaper
   * than a snapshot for a sampler that reads the same members every second.
   * @default a snapshot filtered to `pids`
   */
  members?(pids: readonly number[]): Map<number, HostProcEntry>;
  /** Releases what {@link ProcSource.members} keeps open between calls. */
  release?(): void;
  /** Open descriptors of `pid`; undefined when unknown or the process is gone. */
  fdCount(pid: number): number | undefined;
  /** Environment of `pid` as `KEY=value` strings; undefined when unreadable. */
  environ?(pid: number): string[] | undefined;
  /** Inodes of the sockets `pid` holds open; undefined when unreadable. */
  socketInodes?(pid: number): Set<number> | undefined;
  /** Sockets bound to a local port (TCP listening, UDP bound). */
  listeningSockets?(): ListeningSocket[];
}

/**
 * The best source on this host: procfs where `/proc/self/stat` exists
 * (Linux), else `ps`.
 */
export function defaultProcSource(options: ProcfsSourceOptions = {}): ProcSource {
  const procRoot = options.procRoot ?? '/proc';
  return existsSync(`${procRoot}/self/stat`) ? createProcfsSource(options) : createPsSource();
}
