/**
 * Process scope (upstream-facts 3.2): visibility and signals. secmodel_jail
 * denies both across jids unless the subject is host root; what it defers
 * is then decided the way NetBSD's other models do (everyone may see; root
 * may signal anyone, others need a matching uid).
 */
import type { ErrnoName, ProcessView } from '@jails/core/backend';
import type { SimCred, SimProcess } from '../state.js';
import { pidArg, signalArg } from './args.js';
import { isHostRoot, type KernelCore, type KProc } from './core.js';
import { exitProcess } from './process.js';
import { signalName, terminatesByDefault } from './signals.js';

/** KAUTH_PROCESS_CANSEE: host root sees everyone; everyone else only their own jid. */
export function canSee(subject: SimCred, target: SimProcess): boolean {
  return isHostRoot(subject) || subject.jid === target.jid;
}

// kauth_cred_uidmatch: any of real/effective uid equals any of the target's.
const uidMatch = (s: SimCred, t: SimProcess): boolean =>
  s.uid === t.uid || s.euid === t.uid || s.uid === t.euid || s.euid === t.euid;

/** KAUTH_PROCESS_SIGNAL: the CANSEE rule (DENY → EPERM), then root or a uid match. */
export function signalDenied(subject: SimCred, target: SimProcess): ErrnoName | undefined {
  if (!canSee(subject, target)) return 'EPERM';
  return subject.euid === 0 || uidMatch(subject, target) ? undefined : 'EPERM';
}

/** The process listing as `subject` gets it: only what it can see, live and zombie, by pid. */
export function listProcesses(k: KernelCore, subject: SimCred): ProcessView[] {
  const out: ProcessView[] = [];
  for (const p of k.state.processes) {
    if (canSee(subject, p)) out.push({ pid: p.pid, ppid: p.ppid, uid: p.uid, state: p.state });
  }
  return out;
}

/** A lookup of one pid (`kern.proc.pid`): ESRCH when it is gone or invisible to `subject`. */
export function seeProcess(k: KernelCore, subject: SimCred, pid: unknown): ErrnoName | undefined {
  const p = k.procs.get(pidArg(pid, 'see'));
  return p && canSee(subject, p) ? undefined : 'ESRCH';
}

function deliver(k: KernelCore, p: KProc, signo: number): void {
  // init ignores what it is sent; stops and default-ignored signals change nothing here.
  if (p.pid === 1 || p.state !== 'live' || !terminatesByDefault(signo)) return;
  exitProcess(k, p, { code: null, signal: signalName(signo) });
}

/** kill(pid, signal): ESRCH when no live process has the pid, EPERM when not allowed. */
export function signalProcess(
  k: KernelCore,
  subject: SimCred,
  pid: unknown,
  signal: unknown,
): ErrnoName | undefined {
  const signo = signalArg(signal, 'kill');
  const p = k.procs.get(pidArg(pid, 'kill'));
  if (p?.state !== 'live') return 'ESRCH';
  const denied = signalDenied(subject, p);
  if (denied) return denied;
  deliver(k, p, signo);
  return undefined;
}

/**
 * kill(-pgid, signal) (`pgid` 0 = the caller's own group): signals the live
 * members the caller may signal, skipping the others (pid ≤ 1 too).
 * @returns how many were signalled, or ESRCH when none
 */
export function signalGroup(
  k: KernelCore,
  subject: SimCred,
  self: KProc | undefined,
  pgid: unknown,
  signal: unknown,
): number | ErrnoName {
  const signo = signalArg(signal, 'kill');
  let group = pgid === 0 ? (self?.pgid ?? 0) : pidArg(pgid, 'kill', 'pgid');
  if (group === 0) group = -1;
  const targets = k.state.processes.filter(
    (p) => p.pgid === group && p.pid > 1 && p.state === 'live' && !signalDenied(subject, p),
  );
  for (const p of targets) deliver(k, p, signo);
  return targets.length > 0 ? targets.length : 'ESRCH';
}

/**
 * kill(-1, signal): every live process except init and the caller that the
 * caller may signal; invisible ones are skipped.
 * @returns how many were signalled, or ESRCH when none
 */
export function signalAll(
  k: KernelCore,
  subject: SimCred,
  self: KProc | undefined,
  signal: unknown,
): number | ErrnoName {
  const signo = signalArg(signal, 'kill');
  const targets = k.state.processes.filter(
    (p) => p.pid > 1 && p !== self && p.state === 'live' && !signalDenied(subject, p),
  );
  for (const p of targets) deliver(k, p, signo);
  return targets.length > 0 ? targets.length : 'ESRCH';
}
