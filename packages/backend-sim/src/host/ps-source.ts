import { execFileSync } from 'node:child_process';
import type { HostProcEntry, ProcSource } from './proc-source.js';

const COLUMNS = 'pid=,ppid=,stat=,vsz=,time=,lstart=,comm=';

/**
 * Parses ps's `time` column (`[[dd-]hh:]mm:ss[.cc]`) into clock ticks (1/100 s).
 * @internal
 */
export function parseCpuTime(text: string): number {
  const [days, clock] = text.includes('-') ? text.split('-', 2) : ['0', text];
  const parts = (clock ?? '').split(':').map(Number);
  let seconds = 0;
  for (const p of parts) seconds = seconds * 60 + p;
  return Math.round((Number(days) * 86_400 + seconds) * 100);
}

/**
 * Parses one line of `ps -o pid=,ppid=,stat=,vsz=,time=,lstart=,comm=`;
 * `lstart` is always five words (`Mon Jan  1 12:00:00 2024`).
 * @internal
 */
export function parsePsLine(line: string): HostProcEntry | undefined {
  const w = line.trim().split(/\s+/);
  if (w.length < 11) return undefined;
  const started = Date.parse(w.slice(5, 10).join(' '));
  const entry: HostProcEntry = {
    pid: Number(w[0]),
    ppid: Number(w[1]),
    state: (w[2] ?? '?').charAt(0),
    vsizeBytes: Number(w[3]) * 1024,
    cpuTicks: parseCpuTime(w[4] ?? '0'),
    startTimeTicks: (started / 1000) * 100,
    comm: w.slice(10).join(' '),
  };
  return Number.isFinite(entry.pid) && Number.isFinite(started) ? entry : undefined;
}

function runPs(args: readonly string[]): HostProcEntry[] {
  let out: string;
  try {
    out = execFileSync('ps', [...args, '-o', COLUMNS], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
    });
  } catch (e) {
    // ps exits 1 when a -p pid does not exist
    out = String((e as { stdout?: unknown }).stdout ?? '');
  }
  return out.split('\n').flatMap((l) => parsePsLine(l) ?? []);
}

/**
 * The portable process source (macOS, BSDs): one `ps` run per snapshot. It
 * knows start times, CPU time (at ps's resolution) and virtual size, but not
 * descriptors, environments or sockets.
 */
export function createPsSource(): ProcSource {
  return {
    name: 'ps',
    snapshot: () => new Map(runPs(['-A']).map((e) => [e.pid, e])),
    process: (pid) => runPs(['-p', String(pid)]).find((e) => e.pid === pid),
    fdCount: () => undefined,
  };
}
