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

// printf's %-Ns pads by bytes, not characters; so does this (ASCII, the usual case, skips the count).
const pad = (text: string, width: number): string => {
  const short = width - (/^[\x00-\x7f]*$/.test(text) ? text.length : Buffer.byteLength(text));
  return short > 0 ? text + ' '.repeat(short) : text;
};

/** `cur/max` with an unlimited (0) ceiling shown as `-`. */
const pair = (current: number, max: number): string => `${current}/${max === 0 ? '-' : max}`;

const nameOf = (jail: JailInfo): string => jail.name || '-';

// Compact: printf("%-8s %-16s %-10s %-10s %-10s %-10s %-10s %-10s\n") for the
// header; rows use the same widths, and their last column is not padded.
const COMPACT_HEADER =
  'ID       NAME             CPU        PROC       FD         SOCKBUF    MEMORY     THROTTLE  \n';

// Verbose: the pairs need room for a u32/u32 (PROC, FD) or u64/u64 byte count; ROOT comes last.
const VERBOSE_HEADER = `${'ID'.padEnd(8)} ${'NAME'.padEnd(16)} ${'CPU'.padEnd(10)} ${'PROC'.padEnd(13)} ${'FD'.padEnd(15)} ${'SOCKBUF'.padEnd(25)} ${'MEMORY'.padEnd(25)} ${'THROTTLE'.padEnd(10)} ROOT\n`;

// Numbers are ASCII, so String.padEnd pads them by bytes too; only the name needs pad().
function compactRow(j: JailInfo): string {
  const u = j.usage;
  return `${String(j.id).padEnd(8)} ${pad(nameOf(j), 16)} ${String(u.cpuTicks).padEnd(10)} ${String(u.procs).padEnd(10)} ${String(u.fds).padEnd(10)} ${String(u.sockbufBytes).padEnd(10)} ${String(u.memoryBytes).padEnd(10)} ${j.counters.throttleCpu}\n`;
}

function verboseRow(j: JailInfo): string {
  const { usage: u, limits: l } = j;
  return `${String(j.id).padEnd(8)} ${pad(nameOf(j), 16)} ${String(u.cpuTicks).padEnd(10)} ${pair(u.procs, l.procMax).padEnd(13)} ${pair(u.fds, l.fdMax).padEnd(15)} ${pair(u.sockbufBytes, l.sockbufMaxBytes).padEnd(25)} ${pair(u.memoryBytes, l.memoryMaxBytes).padEnd(25)} ${String(j.counters.throttleCpu).padEnd(10)} ${j.root || '-'}\n`;
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
  const row = verbose ? verboseRow : compactRow;
  let out = verbose ? VERBOSE_HEADER : COMPACT_HEADER;
  for (const jail of jails) out += row(jail);
  return out;
}
