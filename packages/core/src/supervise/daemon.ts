import type { Backend } from '../backend/backend.js';
import { JailError, NotFoundError } from '../errors/jail-error.js';
import { loadBackendDescriptor } from '../runtime/load-backend.js';
import type { DaemonConfig, DaemonMessage } from './daemon-protocol.js';
import { runSupervisorForeground } from './foreground.js';

/** Sends one message, then drops the IPC channel so that nothing ties the daemon to its starter. */
const sendAndDetach = (message: DaemonMessage): void => {
  process.send?.(message, undefined, undefined, () => {
    if (process.connected) process.disconnect?.();
  });
};

function receiveConfig(): Promise<DaemonConfig> {
  return new Promise((resolve, reject) => {
    process.once('message', (message: DaemonMessage) => {
      if (message?.type === 'config') resolve(message.config);
      else reject(new Error('supervisor daemon: expected a config message'));
    });
    process.once('disconnect', () =>
      reject(new Error('supervisor daemon: parent left before configuring it')),
    );
  });
}

/**
 * The body of the detached supervisor process that {@link superviseDetached}
 * starts: it receives its configuration over the IPC channel, rebuilds the
 * backend from its descriptor, checks the jail, runs
 * {@link runSupervisorForeground} (title, record, signals), reports `ready`
 * (or the error) and drops the IPC channel, then lives until it is stopped.
 * Not meant to be called by applications.
 * @throws {Error} when the process has no IPC channel
 */
export async function runSupervisorDaemon(): Promise<void> {
  if (!process.send)
    throw new Error('runSupervisorDaemon: no IPC channel; start it with superviseDetached()');
  let backend: Backend | undefined;
  let ready = false;
  try {
    const config = await receiveConfig();
    backend = await loadBackendDescriptor(config.backend);
    const jail = (await backend.listJails()).find((j) => j.id === config.jail.id);
    if (!jail || jail.name !== config.jail.name) {
      throw new NotFoundError(`jail ${config.jail.id} not found`, { operation: 'supervise' });
    }
    await runSupervisorForeground({
      backend,
      jail: config.jail,
      argv: config.argv,
      ...(config.env ? { env: config.env } : {}),
      stateDir: config.stateDir,
      syslog: config.syslog,
      ...(config.graceMs === undefined ? {} : { graceMs: config.graceMs }),
      ...(config.backoff ? { backoff: config.backoff } : {}),
      title: config.title,
      onStarted: () => {
        ready = true;
        sendAndDetach({ type: 'ready', pid: process.pid });
      },
    });
  } catch (error) {
    process.exitCode = 1;
    if (!ready) {
      const e = error as Error;
      sendAndDetach({
        type: 'error',
        message: e.message,
        ...(JailError.is(e) ? { code: e.code, ...(e.errno ? { errno: e.errno } : {}) } : {}),
      });
    }
  } finally {
    await backend?.dispose();
  }
}
