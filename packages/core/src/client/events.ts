import type { JailInfo } from '../jails/jail-info.js';
import type { JailId } from '../jails/jail-spec.js';

/** Payload of `jail:created`. */
export interface JailCreatedEvent {
  readonly jailId: JailId;
  readonly jail: JailInfo;
  readonly atMs: number;
}

/** Payload of `jail:destroyed`. */
export interface JailDestroyedEvent {
  readonly jailId: JailId;
  readonly name: string;
  readonly atMs: number;
}

/** Payload of `jail:spawned`. */
export interface JailSpawnedEvent {
  readonly jailId: JailId;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly atMs: number;
}

/** Payload of `call:retrying`: a retryable failure is about to be retried. */
export interface CallRetryingEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly error: unknown;
  readonly atMs: number;
}

/** The typed event map of the client facade. Names are `noun:past-tense`. */
export interface JailEvents {
  'jail:created': [JailCreatedEvent];
  'jail:destroyed': [JailDestroyedEvent];
  'jail:spawned': [JailSpawnedEvent];
  'call:retrying': [CallRetryingEvent];
}
