export { type BackoffPolicy, type BackoffStep, backoffStep, DEFAULT_BACKOFF } from './backoff.js';
export {
  type FindSupervisorOptions,
  findSupervisor,
  type StopSupervisorOptions,
  type StopSupervisorResult,
  stopSupervisor,
} from './control.js';
export { runSupervisorDaemon } from './daemon.js';
export type { BackendDescriptor, JsonValue } from './daemon-protocol.js';
export { type DetachedSupervisor, type DetachedSupervisorOptions, superviseDetached } from './detach.js';
export type {
  SupervisorEventBase,
  SupervisorEvents,
  SupervisorExitedEvent,
  SupervisorOutputEvent,
  SupervisorRestartingEvent,
  SupervisorStartedEvent,
  SupervisorStoppedEvent,
} from './events.js';
export {
  type ForegroundSupervisorOptions,
  handleShutdownSignals,
  runSupervisorForeground,
  SHUTDOWN_SIGNALS,
  supervisorTitle,
} from './foreground.js';
export {
  identifyProcess,
  isSameProcess,
  type ProcessIdentity,
  processCommandLine,
  processStartTime,
} from './process-identity.js';
export {
  createSupervisor,
  Supervisor,
  type SupervisorOptions,
  type SupervisorState,
  type SupervisorStats,
} from './supervisor.js';
export {
  claimSupervisorRecord,
  isRecordLive,
  pruneSupervisorRecords,
  readSupervisorRecords,
  type SupervisorRecord,
  type SupervisorRecordHandle,
  supervisorRecordPath,
} from './supervisor-record.js';
