import type { JailInfo } from '../jails/jail-info.js';

/** What {@link renderStatsTable} prints when there are no jails, as upstream does. */
export const NO_JAILS = 'no jails\n';

/** Options of {@link renderStatsTable}. */
export interface StatsTableOptions {
  /**
   * Upstream's `-v`: CUR/MAX pairs for PROC, FD, SOCKBUF and MEMORY, and the
   * jail's root as the last column. @default false
   */
  readonly verbose?: boolean;
}

// printf's %-Ns pads by bytes, not characters; so does this.
const pad = (text: string, width: number): string => {
  const short = width - Buffer.byteLength(text);
  return short > 0 ? text + ' '.repeat(short) : text;
};

/** `cur/max` with an unlimited (0) ceiling shown as `-`. */
const pair = (current: number, max: number): string => `${current}/${max === 0 ? '-' : max}`;

const nameOf = (jail: JailInfo): string => jail.name || '-';

// Compact: printf("%-8s %-16s %-10s %-10s %-10s %-10s %-10s %-10s\n") for the
// header and the same widths for rows, whose last column is not padded.
const COMPACT_WIDTHS = [8, 16, 10, 10, 10, 10, 10, 10];
const COMPACT_HEADER = ['ID', 'NAME', 'CPU', 'PROC', 'FD', 'SOCKBUF', 'MEMORY', 'THROTTLE'];

// Verbose: the pairs need room for a u32/u32 (PROC, FD) or u64/u64 byte count.
const VERBOSE_WIDTHS = [8, 16, 10, 13, 15, 25, 25, 10];
const VERBOSE_HEADER = ['ID', 'NAME', 'CPU', 'PROC', 'FD', 'SOCKBUF', 'MEMORY', 'THROTTLE', 'ROOT'];

function line(cells: readonly string[], widths: readonly number[], padLast: boolean): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const width = widths[i];
    const last = i === cells.length - 1;
    out += width === undefined || (last && !padLast) ? cells[i]! : pad(cells[i]!, width);
    if (!last) out += ' ';
  }
  return `${out}\n`;
}

function compactRow(j: JailInfo): string[] {
  const { usage } = j;
  return [
    String(j.id),
    nameOf(j),
    String(usage.cpuTicks),
    String(usage.procs),
    String(usage.fds),
    String(usage.sockbufBytes),
    String(usage.memoryBytes),
    String(j.counters.throttleCpu),
  ];
}

function verboseRow(j: JailInfo): string[] {
  const { usage, limits } = j;
  return [
    String(j.id),
    nameOf(j),
    String(usage.cpuTicks),
    pair(usage.procs, limits.procMax),
    pair(usage.fds, limits.fdMax),
    pair(usage.sockbufBytes, limits.sockbufMaxBytes),
    pair(usage.memoryBytes, limits.memoryMaxBytes),
    String(j.counters.throttleCpu),
    j.root || '-',
  ];
}

/**
 * Renders `jailctl stats` exactly as the project page shows it:
 *
 * ```text
 * ID       NAME             CPU        PROC       FD         SOCKBUF    MEMORY     THROTTLE  ⏎
 * 3        web              0          1          3          0          154025984  0⏎
 * ```
 *
 * (the header's last column is padded, the rows' is not). CPU is
 * `usage.cpuTicks`, PROC `usage.procs`, FD `usage.fds`, SOCKBUF
 * `usage.sockbufBytes`, MEMORY `usage.memoryBytes`, THROTTLE
 * `counters.throttleCpu`. Values wider than a column push the rest right, as
 * printf does.
 *
 * With `verbose` (upstream's `-v`) PROC, FD, SOCKBUF and MEMORY become
 * `current/max` pairs (an unlimited ceiling shows as `-`), the columns widen
 * to 13/15/25/25 bytes, and ROOT follows THROTTLE as the last column:
 *
 * ```text
 * ID       NAME             CPU        PROC          FD              SOCKBUF                   MEMORY                    THROTTLE   ROOT
 * 3        web              0          1/512         3/8192          0/134217728               154025984/536870912       0          /var/jailmgr/jails/web/root
 * ```
 *
 * Jails are printed in the order given (the kernel lists newest first).
 * @returns the text, each line ending in `\n`; {@link NO_JAILS} for an empty list
 */
export function renderStatsTable(jails: readonly JailInfo[], options: StatsTableOptions = {}): string {
  if (jails.length === 0) return NO_JAILS;
  const verbose = options.verbose ?? false;
  const widths = verbose ? VERBOSE_WIDTHS : COMPACT_WIDTHS;
  const parts = [line(verbose ? VERBOSE_HEADER : COMPACT_HEADER, widths, !verbose)];
  for (const jail of jails) parts.push(line(verbose ? verboseRow(jail) : compactRow(jail), widths, false));
  return parts.join('');
}
