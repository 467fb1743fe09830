/**
 * `@jails/core`: the typed SDK for NetBSD jails (secmodel_jail, model B).
 *
 * Applications create a client over a backend with {@link createJails};
 * backend authors implement the SPI from `@jails/core/backend`; tests reuse
 * the conformance suite from `@jails/core/testing`.
 * @packageDocumentation
 */
export type {
  Backend,
  BackendCapabilities,
  BackendProbe,
  CallContext,
  JailProcess,
  ProcessExit,
  SpawnOptions,
  StdioMode,
} from './backend/backend.js';
export * from './client/index.js';
export * from './clock/index.js';
export * from './errors/index.js';
export * from './jails/index.js';
export * from './runtime/index.js';
export * from './stats/index.js';
export * from './supervise/index.js';
export * from './syslog/index.js';
