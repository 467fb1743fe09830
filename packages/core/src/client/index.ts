export type {
  CallRetryingEvent,
  JailCreatedEvent,
  JailDestroyedEvent,
  JailEvents,
  JailSpawnedEvent,
} from './events.js';
export { type CallOptions, createJails, type JailRef, Jails, type JailsOptions } from './jails-client.js';
