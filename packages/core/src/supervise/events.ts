import type { JailId } from '../jails/jail-spec.js';
import type { OutputStream } from '../syslog/jail-log.js';

/** Fields every supervisor event carries. */
export interface SupervisorEventBase {
  readonly jailId: JailId;
  /** The jail's name. */
  readonly name: string;
  /** When it happened, on the supervisor's clock. */
  readonly atMs: number;
}

/** Payload of `supervisor:started`: a run of the command began. */
export interface SupervisorStartedEvent extends SupervisorEventBase {
  /** The workload's pid (it leads its own session and process group). */
  readonly pid: number;
  /** 1 for the first run, 2 for the first restart, … */
  readonly run: number;
}

/**
 * Payload of `supervisor:exited`: a run ended (both output streams closed and
 * the process was reaped). Exactly one of `code`, `signal` and `error` is set:
 * `error` when the command could not be started at all.
 */
export interface SupervisorExitedEvent extends SupervisorEventBase {
  readonly pid: number | undefined;
  readonly run: number;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: unknown;
  /** How long the run lasted. */
  readonly runMs: number;
}

/** Payload of `supervisor:restarting`: the supervisor waits `delayMs`, then starts run `run`. */
export interface SupervisorRestartingEvent extends SupervisorEventBase {
  readonly delayMs: number;
  readonly run: number;
}

/** Payload of `supervisor:stopped`: shutdown finished; the workload is gone. */
export interface SupervisorStoppedEvent extends SupervisorEventBase {
  /** How many runs there were. */
  readonly runs: number;
}

/** Payload of `supervisor:output`: one line (or 510-byte piece) of workload output. */
export interface SupervisorOutputEvent {
  readonly jailId: JailId;
  readonly stream: OutputStream;
  /** The line without its newline, decoded as UTF-8. */
  readonly line: string;
}

/** The typed event map of a {@link Supervisor}. Names follow `noun:verb`. */
export interface SupervisorEvents {
  'supervisor:started': [SupervisorStartedEvent];
  'supervisor:exited': [SupervisorExitedEvent];
  'supervisor:restarting': [SupervisorRestartingEvent];
  'supervisor:stopped': [SupervisorStoppedEvent];
  /** Emitted only while someone listens (lines are decoded just for listeners). */
  'supervisor:output': [SupervisorOutputEvent];
}
