import { identifyProcess } from './process-identity.js';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorOptions,
  type SupervisorStats,
} from './supervisor.js';
import { claimSupervisorRecord, type SupervisorRecordHandle } from './supervisor-record.js';

/** The signals that request shutdown, as upstream: TERM, INT, QUIT. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT'];

/**
 * Makes this process's SIGTERM, SIGINT and SIGQUIT stop `supervisor`, and
 * ignores SIGHUP (so a terminal hangup or rc(8) does not stop the jail).
 * @returns a function that removes the handlers
 */
export function handleShutdownSignals(supervisor: Pick<Supervisor, 'stop'>): () => void {
  const onShutdown = () => void supervisor.stop();
  const ignore = () => {};
  for (const s of SHUTDOWN_SIGNALS) process.on(s, onShutdown);
  process.on('SIGHUP', ignore);
  return () => {
    for (const s of SHUTDOWN_SIGNALS) process.off(s, onShutdown);
    process.off('SIGHUP', ignore);
  };
}

/** The process title of a supervisor, as upstream sets it. */
export function supervisorTitle(jail: { id: number; name: string }): string {
  return `jailctl supervise jail=${jail.name} jid=${jail.id}`;
}

/** Options of {@link runSupervisorForeground}. */
export interface ForegroundSupervisorOptions extends SupervisorOptions {
  /**
   * Directory for the supervisor record (pid file + lock) that
   * {@link findSupervisor} and {@link stopSupervisor} read. No record without it.
   */
  readonly stateDir?: string;
  /** Process title to set, or `false` to keep it. @default {@link supervisorTitle} */
  readonly title?: string | false;
  /** Whether to install {@link handleShutdownSignals}. @default true */
  readonly handleSignals?: boolean;
  /** Called with the supervisor once its record is written and it has started. */
  readonly onStarted?: (supervisor: Supervisor) => void;
}

/**
 * Runs this process as a jail's supervisor until it is told to stop: sets the
 * process title, claims the record in `stateDir`, handles TERM/INT/QUIT (stop)
 * and HUP (ignored), supervises, and removes the record at the end. This is
 * the foreground mode for rc.d, systemd or a cluster scheduler, and what the
 * detached daemon runs.
 * @returns the final counters, once the workload is gone
 * @throws {JailError} `BUSY` when another live supervisor holds the jail's record
 * @throws {ValidationError} for an empty argv or bad syslog settings
 */
export async function runSupervisorForeground(
  options: ForegroundSupervisorOptions,
): Promise<SupervisorStats> {
  const title = options.title === undefined ? supervisorTitle(options.jail) : options.title;
  if (title !== false) process.title = title;
  const supervisor = createSupervisor(options);
  let record: SupervisorRecordHandle | undefined;
  let updates = Promise.resolve();
  try {
    if (options.stateDir !== undefined) {
      record = await claimSupervisorRecord(options.stateDir, {
        jailId: options.jail.id,
        jailName: options.jail.name,
        title: title === false ? process.title : title,
      });
      const handle = record;
      // updates are chained so that a fast exit can never be overtaken by its own start
      supervisor.on('supervisor:started', (e) => {
        updates = updates.then(async () => handle.setWorkload(await identifyProcess(e.pid))).catch(() => {});
      });
      supervisor.on('supervisor:exited', () => {
        updates = updates.then(() => handle.setWorkload(undefined)).catch(() => {});
      });
    }
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
  const unhook = options.handleSignals === false ? () => {} : handleShutdownSignals(supervisor);
  try {
    supervisor.start();
    options.onStarted?.(supervisor);
    await supervisor.done;
    return supervisor.stats();
  } finally {
    unhook();
    await updates;
    await record?.release();
  }
}
