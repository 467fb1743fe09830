import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import type { HostProcEntry, ListeningSocket, ProcSource } from './proc-source.js';

// one buffer for every stat read: the sampler reads hundreds of these per second
const STAT_BUFFER = Buffer.alloc(4096);

/** Reads a small procfs file into the shared buffer; undefined when it vanished. */
function readSmall(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const n = readSync(fd, STAT_BUFFER, 0, STAT_BUFFER.length, 0);
    return STAT_BUFFER.toString('latin1', 0, n);
  } catch {
    return undefined; // ESRCH: the process exited between open and read
  } finally {
    closeSync(fd);
  }
}

/**
 * Parses `/proc/<pid>/stat`. The command name is in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the last `)`.
 * @internal
 */
export function parseProcStat(text: string): HostProcEntry | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state); field n is f[n - 3]. Times are in USER_HZ, 100 on every Linux architecture
  const num = (field: number) => Number(f[field - 3]);
  const entry: HostProcEntry = {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    state: f[0] ?? '?',
    ppid: num(4),
    cpuTicks: num(14) + num(15),
    startTimeTicks: num(22),
    vsizeBytes: num(23),
  };
  return Number.isFinite(entry.startTimeTicks) && Number.isFinite(entry.ppid) ? entry : undefined;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * The Linux process source: `/proc/<pid>/stat` for identity, CPU ticks and
 * virtual size, `/proc/<pid>/fd` for descriptors, `/proc/net/*` for bound ports.
 * @param procRoot where procfs is mounted @default '/proc'
 */
export function createProcfsSource(procRoot = '/proc'): ProcSource {
  const stat = (pid: number) => {
    const text = readSmall(`${procRoot}/${pid}/stat`);
    return text === undefined ? undefined : parseProcStat(text);
  };
  const fdNames = (pid: number) => {
    try {
      return readdirSync(`${procRoot}/${pid}/fd`);
    } catch {
      return undefined;
    }
  };
  return {
    name: 'procfs',
    snapshot() {
      const table = new Map<number, HostProcEntry>();
      for (const name of readdirSync(procRoot)) {
        const c = name.charCodeAt(0);
        if (c < 48 || c > 57) continue;
        const entry = stat(Number(name));
        if (entry) table.set(entry.pid, entry);
      }
      return table;
    },
    process: stat,
    fdCount: (pid) => fdNames(pid)?.length,
    environ(pid) {
      try {
        return readFileSync(`${procRoot}/${pid}/environ`, 'utf8').split('\0');
      } catch {
        return undefined;
      }
    },
    socketInodes(pid) {
      const names = fdNames(pid);
      if (!names) return undefined;
      const inodes = new Set<number>();
      for (const fd of names) {
        try {
          const m = SOCKET_LINK.exec(readlinkSync(`${procRoot}/${pid}/fd/${fd}`));
          if (m) inodes.add(Number(m[1]));
        } catch {
          // closed meanwhile
        }
      }
      return inodes;
    },
    listeningSockets() {
      const sockets: ListeningSocket[] = [];
      for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
        let text: string;
        try {
          text = readFileSync(`${procRoot}/net/${protocol}`, 'latin1');
        } catch {
          continue;
        }
        sockets.push(...parseNetTable(text, protocol));
      }
      return sockets;
    },
  };
}

/**
 * Parses a `/proc/net/{tcp,tcp6,udp,udp6}` table: TCP sockets in LISTEN
 * (state 0A) and every UDP socket with a local port.
 * @internal
 */
export function parseNetTable(text: string, protocol: ListeningSocket['protocol']): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const state = cols[3];
    const inode = Number(cols[9]);
    if (!local || !state || !Number.isFinite(inode) || inode === 0) continue;
    if (protocol.startsWith('tcp') && state !== '0A') continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (port > 0) out.push({ protocol, port, inode });
  }
  return out;
}
