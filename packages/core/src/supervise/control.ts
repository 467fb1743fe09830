import { type Clock, systemClock } from '../clock/clock.js';
import { errnoError } from '../errors/jail-error.js';
import type { JailId } from '../jails/jail-spec.js';
import { isSameProcess } from './process-identity.js';
import {
  isRecordLive,
  pruneSupervisorRecords,
  readSupervisorRecords,
  type SupervisorRecord,
} from './supervisor-record.js';

/** Where to look for a jail's supervisor. */
export interface FindSupervisorOptions {
  /** The state directory the supervisor was started with. */
  readonly stateDir: string;
  /** The supervised jail. */
  readonly jailId: JailId;
}

/**
 * Finds the live supervisor of a jail through its record. A record whose
 * process has exited, or whose pid now belongs to another program (start
 * time or title differ), is reported as absent.
 * @returns the record, or `undefined` when no supervisor runs
 */
export async function findSupervisor(options: FindSupervisorOptions): Promise<SupervisorRecord | undefined> {
  for (const { record } of await readSupervisorRecords(options.stateDir, options.jailId)) {
    if (await isRecordLive(record)) return record;
  }
  return undefined;
}

/** Options of {@link stopSupervisor}. */
export interface StopSupervisorOptions extends FindSupervisorOptions {
  /**
   * How long to wait for the supervisor's own shutdown (SIGTERM to the
   * workload group, its 5 s grace, SIGKILL) before escalating. Keep it above
   * the supervisor's grace period. @default 10000
   */
  readonly timeoutMs?: number;
  /** How often to look whether it exited. @default 50 */
  readonly pollMs?: number;
  /** Time source for the waits. @default systemClock */
  readonly clock?: Clock;
}

/** What {@link stopSupervisor} did. */
export interface StopSupervisorResult {
  /** Whether a live supervisor was found (and signalled). */
  readonly found: boolean;
  /** Its pid, when found. */
  readonly pid?: number;
  /** Whether it ignored SIGTERM for `timeoutMs` and was killed, with its workload's group. */
  readonly escalated: boolean;
}

/**
 * Stops a jail's supervisor the way it stops its workload: SIGTERM (it then
 * terminates the workload group with its own grace period and exits), wait up
 * to `timeoutMs`, and only then SIGKILL the supervisor and the recorded
 * workload group, so that nothing of the workload is left (unlike upstream's
 * `jailmgr stop`, which SIGKILLs after 1 s and can orphan the workload).
 * Every signal goes only to a process whose pid, start time (and, for the
 * supervisor, title) match the record: a stale record never makes us signal
 * an unrelated process.
 * @throws {JailError} `PERMISSION_DENIED` (EPERM) when this process may not signal the supervisor
 */
export async function stopSupervisor(options: StopSupervisorOptions): Promise<StopSupervisorResult> {
  const clock = options.clock ?? systemClock;
  const record = await findSupervisor(options);
  if (!record) return { found: false, escalated: false };
  if (signal(record.pid, 'SIGTERM') === 'EPERM') {
    throw errnoError('EPERM', {
      operation: 'stop',
      detail: `not allowed to signal the supervisor of jail ${record.jailName} (pid ${record.pid})`,
    });
  }
  const deadline = clock.now() + (options.timeoutMs ?? 10_000);
  while (clock.now() < deadline) {
    if (!(await isRecordLive(record))) return { found: true, pid: record.pid, escalated: false };
    await clock.sleep(options.pollMs ?? 50);
  }
  if (await isRecordLive(record)) signal(record.pid, 'SIGKILL');
  const latest = (await readSupervisorRecords(options.stateDir, options.jailId)).find(
    (r) => r.record.pid === record.pid && r.record.startTime === record.startTime,
  );
  const workload = latest?.record.workload ?? record.workload;
  if (workload && (await isSameProcess(workload))) signal(-workload.pid, 'SIGKILL');
  // the killed supervisor could not remove its own record
  await waitGone(record, clock);
  await pruneSupervisorRecords(options.stateDir, options.jailId);
  return { found: true, pid: record.pid, escalated: true };
}

async function waitGone(record: SupervisorRecord, clock: Clock): Promise<void> {
  for (let i = 0; i < 100 && (await isSameProcess(record)); i++) await clock.sleep(10);
}

/** Sends a signal. @returns undefined when delivered, else the errno code (ESRCH: already gone) */
function signal(pid: number, name: NodeJS.Signals): string | undefined {
  try {
    process.kill(pid, name);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}
