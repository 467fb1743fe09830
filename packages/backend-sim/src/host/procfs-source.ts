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
 * Only the fields used are cut out: a sampler parses hundreds of these a second.
 * @internal
 */
export function parseProcStat(text: string): HostProcEntry | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  // field n (1-based, as in proc(5)) starts after the (n - 3)th space following ')'
  const fields: Record<number, number> = {};
  let at = close + 2;
  const state = text.charAt(at);
  for (let field = 3; field <= 23 && at > 0; field++) {
    const end = text.indexOf(' ', at);
    if (field === 4 || field === 14 || field === 15 || field === 22 || field === 23) {
      fields[field] = Number(text.slice(at, end < 0 ? undefined : end));
    }
    at = end + 1;
  }
  // stat times are in USER_HZ, 100 on every Linux architecture
  const entry: HostProcEntry = {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    state: state || '?',
    ppid: fields[4] ?? Number.NaN,
    cpuTicks: (fields[14] ?? 0) + (fields[15] ?? 0),
    startTimeTicks: fields[22] ?? Number.NaN,
    vsizeBytes: fields[23] ?? 0,
  };
  return Number.isFinite(entry.startTimeTicks) && Number.isFinite(entry.ppid) ? entry : undefined;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/**
 * Members whose stat file a sampler keeps open: a read on an open
 * `/proc/<pid>/stat` costs a third of open + read + close, and fails with
 * ESRCH once that very process is gone, so a reused pid can never answer.
 * Capped so the sampler's own descriptor table stays small.
 */
const MAX_OPEN_STATS = 512;

function readOpen(fd: number): string | undefined {
  try {
    const n = readSync(fd, STAT_BUFFER, 0, STAT_BUFFER.length, 0);
    return STAT_BUFFER.toString('latin1', 0, n);
  } catch {
    return undefined;
  }
}

/** Options of {@link createProcfsSource}. */
export interface ProcfsSourceOptions {
  /** Where procfs is mounted. @default '/proc' */
  readonly procRoot?: string;
  /**
   * Keep members' stat files open between {@link ProcSource.members} calls
   * (up to 512), for a sampler that reads them every second.
   * @default false
   */
  readonly keepOpen?: boolean;
}

/**
 * The Linux process source: `/proc/<pid>/stat` for identity, CPU ticks and
 * virtual size, `/proc/<pid>/fd` for descriptors, `/proc/net/*` for bound ports.
 */
export function createProcfsSource(options: ProcfsSourceOptions = {}): ProcSource {
  const procRoot = options.procRoot ?? '/proc';
  const maxOpen = options.keepOpen ? MAX_OPEN_STATS : 0;
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
  const open = new Map<number, number>();
  const forget = (pid: number) => {
    const fd = open.get(pid);
    if (fd === undefined) return;
    open.delete(pid);
    closeSync(fd);
  };
  return {
    name: 'procfs',
    members(pids) {
      const wanted = new Set(pids);
      for (const pid of open.keys()) if (!wanted.has(pid)) forget(pid);
      const table = new Map<number, HostProcEntry>();
      for (const pid of wanted) {
        let fd = open.get(pid);
        if (fd === undefined && open.size < maxOpen) {
          try {
            fd = openSync(`${procRoot}/${pid}/stat`, 'r');
            open.set(pid, fd);
          } catch {
            continue; // gone
          }
        }
        const text = fd === undefined ? readSmall(`${procRoot}/${pid}/stat`) : readOpen(fd);
        const entry = text === undefined ? undefined : parseProcStat(text);
        if (entry) table.set(pid, entry);
        else forget(pid);
      }
      return table;
    },
    release() {
      for (const pid of [...open.keys()]) forget(pid);
    },
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
